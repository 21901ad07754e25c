import { type FormEvent, useCallback, useEffect, useRef, useState } from 'react';
import './console.css';
import { Field, TextField } from '../../components/Field.js';
import { ProblemBanner } from '../../components/ProblemBanner.js';
import { focusFirstInvalid } from '../../form-errors.js';
import { formatDateTime } from '../../format.js';
import { Link, useTitle } from '../../router.js';
import { ClientCard } from './ClientCard.js';
import { type AgencyView, type ClientView, exchangeApi, type PurposeView } from './exchange-api.js';
import { formErrors } from './field-errors.js';
import { parseKeys } from './jwk.js';
import { kindLabel } from './labels.js';

type Detail = AgencyView & { clients: ClientView[] };

/**
 * Trang cơ quan: the agency, its client systems (keys and purposes, see ClientCard) and
 * the form to add a client with its public key.
 */
export function AgencyPage({ code }: { code: string }) {
  const [agency, setAgency] = useState<Detail>();
  const [purposes, setPurposes] = useState<PurposeView[]>([]);
  const [error, setError] = useState<unknown>();
  const [created, setCreated] = useState<string>();
  useTitle(agency ? agency.name : 'Cơ quan kết nối');

  const load = useCallback(async () => {
    try {
      const [a, p] = await Promise.all([exchangeApi.agency(code), exchangeApi.purposes()]);
      setAgency(a.data);
      setPurposes(p.data.items);
      setError(undefined);
    } catch (e) {
      setError(e);
    }
  }, [code]);
  useEffect(() => {
    load();
  }, [load]);

  /** Puts a client's new state in place without a reload. */
  const update = useCallback((c: ClientView) => {
    setAgency((a) => a && { ...a, clients: a.clients.map((x) => (x.clientId === c.clientId ? c : x)) });
  }, []);

  if (error && !agency) return <ProblemBanner error={error} />;
  if (!agency) return <p className="muted">Đang tải…</p>;

  return (
    <article aria-labelledby="agency-title">
      <nav className="crumbs" aria-label="Vị trí">
        <Link href="/agencies">Cơ quan kết nối</Link> <span aria-hidden="true">›</span>{' '}
        <span>{agency.code}</span>
      </nav>
      <div className="page-head">
        <div>
          <h1 id="agency-title">{agency.name}</h1>
          <p className="muted">
            <span className="mono">{agency.code}</span> · {kindLabel(agency.kind)}
            {agency.unitCode ? ` · đơn vị ${agency.unitCode}` : ''} · đăng ký{' '}
            {formatDateTime(agency.createdAt)}
          </p>
        </div>
        <div className="actions">
          <Link href={`/traffic?agency=${agency.code}`} className="btn">
            Xem lưu lượng
          </Link>
          <Link href={`/audit?agency=${agency.code}`} className="btn">
            Nhật ký truy cập
          </Link>
        </div>
      </div>
      <ProblemBanner error={error} />
      {created ? (
        <div className="banner banner-ok" role="status">
          Đã thêm hệ thống. Gửi mã <code>client_id</code> <strong className="mono">{created}</strong> cho cơ
          quan để hệ thống của họ xin token.
        </div>
      ) : null}

      <h2>Hệ thống kết nối (client)</h2>
      {agency.clients.length === 0 ? (
        <p className="empty">
          Cơ quan chưa có hệ thống nào. Thêm hệ thống cùng khóa công khai của nó ở dưới.
        </p>
      ) : (
        <div className="stack">
          {agency.clients.map((c) => (
            <ClientCard key={c.clientId} client={c} purposes={purposes} onChange={update} />
          ))}
        </div>
      )}
      <AddClientForm
        agency={agency.code}
        onAdded={async (c) => {
          setCreated(c.clientId);
          await load();
        }}
      />
    </article>
  );
}

const CLIENT_FIELDS = ['name', 'jwks'] as const;

function AddClientForm(props: { agency: string; onAdded: (c: ClientView) => void }) {
  const [name, setName] = useState('');
  const [keys, setKeys] = useState('');
  const [error, setError] = useState<unknown>();
  const [local, setLocal] = useState<string>();
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const errs = formErrors(error, CLIENT_FIELDS);
  const jwksError = local ?? errs.byField.jwks;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const parsed = parseKeys(keys);
    if ('error' in parsed) {
      setLocal(parsed.error);
      setError(undefined);
      focusFirstInvalid(formRef.current);
      return;
    }
    setLocal(undefined);
    setBusy(true);
    try {
      const { data } = await exchangeApi.addClient(props.agency, { name: name.trim(), jwks: parsed.jwks });
      setError(undefined);
      setName('');
      setKeys('');
      props.onAdded(data);
    } catch (err) {
      setError(err);
      focusFirstInvalid(formRef.current);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      ref={formRef}
      className="card form form-accent add-client"
      onSubmit={submit}
      noValidate
      aria-labelledby="add-client"
    >
      <h2 id="add-client">Thêm hệ thống kết nối</h2>
      <ProblemBanner error={error} extra={errs.rest} focus={!errs.hasFieldErrors} />
      <TextField
        label="Tên hệ thống"
        name="name"
        value={name}
        onChange={setName}
        error={errs.byField.name}
        hint="Ví dụ: Hệ thống eKYC mở tài khoản."
        required
      />
      <Field
        label="Khóa công khai (JWK hoặc JWKS)"
        error={jwksError}
        hint='Cơ quan tự tạo cặp khóa (ES256, RS256 hoặc EdDSA) và chỉ gửi khóa công khai, dạng {"kty": …} hoặc {"keys": […]}. Khóa bí mật không bao giờ rời khỏi cơ quan.'
        required
      >
        {(a) => (
          <textarea
            {...a}
            name="jwks"
            rows={6}
            spellCheck={false}
            className="mono"
            value={keys}
            onChange={(e) => setKeys(e.target.value)}
            placeholder='{"keys":[{"kty":"EC","crv":"P-256","x":"…","y":"…","kid":"…"}]}'
          />
        )}
      </Field>
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {busy ? 'Đang thêm…' : 'Thêm hệ thống'}
        </button>
      </div>
    </form>
  );
}
