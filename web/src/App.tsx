import { useCallback, useEffect, useState } from 'react';
import { api, type Operator, setUnauthorizedHandler } from './api.js';
import { Header } from './components/Header.js';
import { AgenciesPage } from './pages/agencies/AgenciesPage.js';
import { AgencyPage } from './pages/agencies/AgencyPage.js';
import { TrafficPage } from './pages/agencies/TrafficPage.js';
import { AuditPage } from './pages/audit/AuditPage.js';
import { EntryPage } from './pages/audit/EntryPage.js';
import { BirthPage } from './pages/BirthPage.js';
import { cleaningScreen } from './pages/cleaning/routes.js';
import { DeadLettersPage } from './pages/events/DeadLettersPage.js';
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
  const exchange = exchangeScreen(path);
  if (exchange) return exchange;
  const cleaning = cleaningScreen(path, operator);
  if (cleaning) return cleaning;
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

/** The operator screens of agency exchange, audit and events (admin). */
function exchangeScreen(path: string) {
  const agency = /^\/agencies\/([a-z0-9][a-z0-9_-]{1,39})\/?$/.exec(path);
  if (agency) return <AgencyPage key={agency[1]} code={agency[1]!} />;
  const entry = /^\/audit\/(\d+)\/?$/.exec(path);
  if (entry) return <EntryPage key={entry[1]} seq={Number(entry[1])} />;
  if (path === '/agencies') return <AgenciesPage />;
  if (path === '/traffic') return <TrafficPage />;
  if (path === '/audit') return <AuditPage />;
  if (path === '/events/dead-letters') return <DeadLettersPage />;
  return null;
}
