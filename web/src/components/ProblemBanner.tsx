import { useEffect, useRef } from 'react';
import { ApiError, type FieldProblem, type Problem } from '../api.js';
import { fieldMessage } from '../format.js';
import { Link } from '../router.js';

/** Any 12-digit personal ID named by a problem (e.g. the existing record of a duplicate birth). */
function pidIn(problem: Problem): string | undefined {
  for (const key of ['existingPid', 'pid', 'duplicateOf', 'existing']) {
    const v = problem[key];
    if (typeof v === 'string' && /^\d{12}$/.test(v)) return v;
    if (v && typeof v === 'object' && typeof (v as { pid?: unknown }).pid === 'string')
      return (v as { pid: string }).pid;
  }
  return /\b(\d{12})\b/.exec(`${problem.detail ?? ''} ${problem.title}`)?.[1];
}

/** Vietnamese messages for the codes a clerk meets most. */
const CODES: Record<string, string> = {
  'registry.duplicate_birth': 'Khai sinh này đã được đăng ký trước đó.',
  'registry.person_deceased': 'Công dân đã được đăng ký khai tử; không thể thay đổi thông tin này.',
  'registry.household_has_head': 'Hộ gia đình đã có chủ hộ.',
  'registry.outside_units': 'Đơn vị hành chính này nằm ngoài địa bàn bạn được phân công.',
  'registry.read_only': 'Tài khoản của bạn chỉ có quyền xem.',
  'registry.not_found': 'Không tìm thấy công dân.',
  'registry.pid_exhausted': 'Chưa cấp được số định danh; vui lòng thử lại.',
  'request.idempotency_key_required': 'Yêu cầu thiếu khóa chống gửi trùng; vui lòng tải lại trang.',
};

/** The general message for each status the console meets. */
function headline(p: Problem): string {
  const known = CODES[p.code];
  if (known) return known;
  if (p.status === 0) return p.title;
  if (p.status === 400) return 'Thông tin chưa hợp lệ. Vui lòng kiểm tra các trường được đánh dấu.';
  if (p.status === 401) return 'Phiên đăng nhập đã hết. Vui lòng đăng nhập lại.';
  if (p.status === 403) return 'Bạn không có quyền thực hiện thao tác này.';
  if (p.status === 404) return 'Không tìm thấy hồ sơ.';
  if (p.status === 409) return 'Thao tác bị từ chối vì trùng hoặc xung đột với dữ liệu đã có.';
  if (p.status === 412) return 'Hồ sơ đã được người khác thay đổi.';
  if (p.status >= 500) return 'Máy chủ gặp sự cố. Vui lòng thử lại sau.';
  return 'Thao tác không thành công.';
}

/**
 * The error banner: a Vietnamese headline, the API's own message and code, the request id
 * for support, links to a record it names, and field problems no input showed.
 */
export function ProblemBanner(props: {
  error: unknown;
  extra?: FieldProblem[];
  /** Move focus to the banner when it appears (off when a field takes the focus instead). */
  focus?: boolean;
  children?: React.ReactNode;
}) {
  const focus = props.focus ?? true;
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (props.error && focus) ref.current?.focus();
  }, [props.error, focus]);
  if (!props.error) return null;
  const p: Problem =
    props.error instanceof ApiError
      ? props.error.problem
      : { title: String((props.error as Error)?.message ?? props.error), status: -1, code: 'client' };
  const pid = pidIn(p);
  const message = CODES[p.code] || p.status === 400 ? undefined : (p.detail ?? p.title);
  return (
    <div className="banner banner-error" role="alert" tabIndex={-1} ref={ref} data-code={p.code}>
      <strong>{headline(p)}</strong>
      {message && message !== headline(p) ? <p>{message}</p> : null}
      {pid ? (
        <p>
          Hồ sơ đã có: <Link href={`/persons/${pid}`}>{pid}</Link>
        </p>
      ) : null}
      {props.extra?.length ? (
        <ul>
          {props.extra.map((e) => (
            <li key={e.field + e.message}>
              <code>{e.field}</code>: {fieldMessage(e.message)}
            </li>
          ))}
        </ul>
      ) : null}
      {props.children}
      {p.status > 0 && p.code !== 'client' ? (
        <p className="muted small">
          Mã lỗi: <code>{p.code}</code>
          {p.requestId ? (
            <>
              {' '}
              · Mã yêu cầu: <code>{p.requestId}</code>
            </>
          ) : null}
        </p>
      ) : null}
    </div>
  );
}
