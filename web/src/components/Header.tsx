import { canWrite, type Operator } from '../api.js';
import { roleLabel } from '../format.js';
import { canClean } from '../pages/cleaning/cleaning-api.js';
import { Link } from '../router.js';

/** The top bar: app name, navigation, the operator with roles, logout, and a link to the API docs. */
export function Header(props: { operator: Operator; path: string; onLogout: () => void }) {
  const { operator, path } = props;
  const nav = [
    { href: '/', label: 'Tra cứu', active: path === '/' || path.startsWith('/persons') },
    { href: '/births/new', label: 'Đăng ký khai sinh', active: path === '/births/new' },
  ].filter((n) => n.href !== '/births/new' || canWrite(operator));
  if (canClean(operator))
    nav.push({ href: '/cleaning', label: 'Làm sạch dữ liệu', active: path.startsWith('/cleaning') });
  if (operator.roles.includes('admin')) nav.push(...adminNav(path));
  return (
    <header className="topbar">
      <div className="topbar-inner">
        <Link href="/" className="brand">
          <span className="brand-mark" aria-hidden="true">
            ★
          </span>
          <span>
            <strong>Dancu</strong>
            <span className="brand-sub">Cơ sở dữ liệu quốc gia về dân cư</span>
          </span>
        </Link>
        <nav aria-label="Chức năng chính">
          <ul className="nav-list">
            {nav.map((n) => (
              <li key={n.href}>
                <Link href={n.href} aria-current={n.active ? 'page' : undefined}>
                  {n.label}
                </Link>
              </li>
            ))}
            <li>
              <a href="/docs" target="_blank" rel="noreferrer">
                Tài liệu API
              </a>
            </li>
          </ul>
        </nav>
        <div className="who">
          <span className="who-id">
            <span className="who-name" data-testid="operator-name">
              {operator.displayName}
            </span>
            <span className="who-roles">{operator.roles.map(roleLabel).join(', ')}</span>
          </span>
          <button type="button" className="btn btn-ghost" onClick={props.onLogout}>
            Đăng xuất
          </button>
        </div>
      </div>
    </header>
  );
}

/** The admin screens of agency exchange, audit and events. */
const adminNav = (path: string) => [
  { href: '/agencies', label: 'Cơ quan kết nối', active: path.startsWith('/agencies') },
  { href: '/traffic', label: 'Lưu lượng', active: path === '/traffic' },
  { href: '/audit', label: 'Nhật ký kiểm toán', active: path.startsWith('/audit') },
  { href: '/events/dead-letters', label: 'Sự kiện lỗi', active: path.startsWith('/events') },
];
