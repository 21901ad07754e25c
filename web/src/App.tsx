import { useCallback, useEffect, useState } from 'react';
import { api, type Operator, setUnauthorizedHandler } from './api.js';
import { Header } from './components/Header.js';
import { BirthPage } from './pages/BirthPage.js';
import { LoginPage } from './pages/LoginPage.js';
import { PersonPage } from './pages/PersonPage.js';
import { SearchPage } from './pages/SearchPage.js';
import { Link, useLocation } from './router.js';

/** The console: who is logged in (asked of GET /auth/me on load), the header and the screen for the path. */
export function App() {
  const [operator, setOperator] = useState<Operator | null | undefined>(undefined);
  const { path } = useLocation();

  useEffect(() => {
    setUnauthorizedHandler(() => setOperator(null));
    api.me().then(
      ({ data }) => setOperator(data),
      () => setOperator(null),
    );
  }, []);

  const logout = useCallback(async () => {
    await api.logout().catch(() => undefined);
    setOperator(null);
  }, []);

  if (operator === undefined) {
    return (
      <p className="loading" aria-live="polite">
        Đang tải…
      </p>
    );
  }
  if (operator === null) return <LoginPage onLogin={setOperator} />;

  return (
    <>
      <a className="skip-link" href="#main">
        Bỏ qua, đến nội dung chính
      </a>
      <Header operator={operator} path={path} onLogout={logout} />
      <main id="main" tabIndex={-1}>
        <Screen path={path} operator={operator} />
      </main>
    </>
  );
}

function Screen({ path, operator }: { path: string; operator: Operator }) {
  const person = /^\/persons\/(\d{12})\/?$/.exec(path);
  if (person) return <PersonPage key={person[1]} pid={person[1]!} operator={operator} />;
  if (path === '/births/new') return <BirthPage />;
  if (path === '/' || path === '/persons') return <SearchPage operator={operator} />;
  return (
    <section className="card">
      <h1>Không tìm thấy trang</h1>
      <p>
        Địa chỉ này không có trong hệ thống. <Link href="/">Về trang tra cứu</Link>
      </p>
    </section>
  );
}
