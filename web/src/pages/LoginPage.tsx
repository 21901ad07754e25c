import { type FormEvent, useState } from 'react';
import { ApiError, api, type Operator } from '../api.js';
import { Field } from '../components/Field.js';
import { useTitle } from '../router.js';

/** Đăng nhập: username and password; shows the API's refusal. */
export function LoginPage(props: { onLogin: (op: Operator) => void }) {
  useTitle('Đăng nhập');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const { data } = await api.login(username.trim(), password);
      props.onLogin(data.operator);
    } catch (err) {
      const p = err instanceof ApiError ? err.problem : undefined;
      setError(
        p?.status === 401 || p?.status === 400
          ? `Tên đăng nhập hoặc mật khẩu không đúng.${p.title ? ` (${p.title})` : ''}`
          : (p?.title ?? 'Đăng nhập không thành công.'),
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="login-wrap" id="main">
      <form className="card login" onSubmit={submit} aria-labelledby="login-title">
        <div className="login-brand" aria-hidden="true">
          ★
        </div>
        <h1 id="login-title">Đăng nhập</h1>
        <p className="muted">Hệ thống quản lý cơ sở dữ liệu quốc gia về dân cư</p>
        {error ? (
          <div className="banner banner-error" role="alert">
            {error}
          </div>
        ) : null}
        <Field label="Tên đăng nhập" required>
          {(a) => (
            <input
              {...a}
              name="username"
              autoComplete="username"
              value={username}
              onChange={(e) => setUsername(e.target.value)}
              required
            />
          )}
        </Field>
        <Field label="Mật khẩu" required>
          {(a) => (
            <input
              {...a}
              name="password"
              type="password"
              autoComplete="current-password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              required
            />
          )}
        </Field>
        <button type="submit" className="btn btn-primary btn-block" disabled={busy}>
          {busy ? 'Đang đăng nhập…' : 'Đăng nhập'}
        </button>
      </form>
    </main>
  );
}
