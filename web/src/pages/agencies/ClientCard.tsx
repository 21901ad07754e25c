import { type FormEvent, useEffect, useId, useState } from 'react';
import { Field } from '../../components/Field.js';
import { ProblemBanner } from '../../components/ProblemBanner.js';
import { type ClientView, exchangeApi, type Jwk, type PurposeView } from './exchange-api.js';
import { formErrors } from './field-errors.js';
import { describeKey, kidOf, parseKeys } from './jwk.js';
import { clientStatusLabel } from './labels.js';
import { PurposeDetails } from './PurposeDetails.js';

/**
 * One client system of an agency: its client_id, public keys (add a key, remove one:
 * rotation without downtime) and purposes (grant one of the defined purposes, withdraw).
 */
export function ClientCard(props: {
  client: ClientView;
  purposes: PurposeView[];
  onChange: (c: ClientView) => void;
}) {
  const c = props.client;
  const titleId = useId();
  return (
    <section className="card client-card" aria-labelledby={titleId} data-testid={`client-${c.clientId}`}>
      <div className="page-head">
        <div>
          <h3 id={titleId}>{c.name}</h3>
          <p className="pid-line">
            client_id:{' '}
            <strong className="mono" data-testid="client-id">
              {c.clientId}
            </strong>
            <span className={`badge ${c.status === 'active' ? 'badge-ok' : 'badge-muted'}`}>
              {clientStatusLabel(c.status)}
            </span>
          </p>
        </div>
      </div>
      <div className="grid-2">
        <KeysSection client={c} onChange={props.onChange} />
        <GrantsSection client={c} purposes={props.purposes} onChange={props.onChange} />
      </div>
    </section>
  );
}

function KeysSection({ client, onChange }: { client: ClientView; onChange: (c: ClientView) => void }) {
  const [keys, setKeys] = useState<Jwk[]>();
  const [error, setError] = useState<unknown>();
  const [adding, setAdding] = useState('');
  const [local, setLocal] = useState<string>();
  const [busy, setBusy] = useState(false);
  const errs = formErrors(error, ['jwks']);

  useEffect(() => {
    exchangeApi.keys(client.clientId).then(
      ({ data }) => setKeys(data.keys),
      (e) => setError(e),
    );
  }, [client.clientId]);

  const save = async (next: Jwk[]) => {
    setBusy(true);
    try {
      const { data } = await exchangeApi.putKeys(client.clientId, { keys: next });
      setKeys(next);
      setError(undefined);
      setAdding('');
      onChange(data);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const add = (e: FormEvent) => {
    e.preventDefault();
    const parsed = parseKeys(adding);
    if ('error' in parsed) {
      setLocal(parsed.error);
      return;
    }
    setLocal(undefined);
    save([...(keys ?? []), ...parsed.jwks.keys]);
  };

  const remove = (i: number) => {
    if (!keys) return;
    if (!window.confirm(`Gỡ khóa ${kidOf(keys[i]!, i)}? Chữ ký bằng khóa này sẽ bị từ chối ngay.`)) return;
    save(keys.filter((_, j) => j !== i));
  };

  return (
    <div>
      <h4>Khóa công khai</h4>
      <ProblemBanner error={error} extra={errs.rest} focus={false} />
      {keys ? (
        <ul className="plain-list">
          {keys.map((k, i) => (
            <li key={kidOf(k, i)} className="key-row">
              <span>
                <code className="small">{kidOf(k, i)}</code>
                <span className="muted small"> {describeKey(k)}</span>
              </span>
              <button
                type="button"
                className="btn btn-small"
                disabled={busy || keys.length < 2}
                title={
                  keys.length < 2 ? 'Cần ít nhất một khóa: thêm khóa mới trước khi gỡ khóa cũ.' : undefined
                }
                onClick={() => remove(i)}
              >
                Gỡ
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">Đang tải khóa…</p>
      )}
      <form onSubmit={add} noValidate>
        <Field
          label="Thêm khóa (xoay khóa)"
          error={local ?? errs.byField.jwks}
          hint="Thêm khóa mới, chờ cơ quan chuyển sang ký bằng khóa mới, rồi gỡ khóa cũ."
        >
          {(a) => (
            <textarea
              {...a}
              name="newKey"
              rows={3}
              spellCheck={false}
              className="mono"
              value={adding}
              onChange={(e) => setAdding(e.target.value)}
            />
          )}
        </Field>
        <button type="submit" className="btn" disabled={busy || !adding.trim()}>
          Thêm khóa
        </button>
      </form>
    </div>
  );
}

function GrantsSection(props: {
  client: ClientView;
  purposes: PurposeView[];
  onChange: (c: ClientView) => void;
}) {
  const { client } = props;
  const [pick, setPick] = useState('');
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const errs = formErrors(error, ['purpose']);
  const byCode = new Map(props.purposes.map((p) => [p.code, p]));
  const available = props.purposes.filter((p) => !client.purposes.includes(p.code));
  const picked = byCode.get(pick);

  const run = async (fn: () => Promise<{ data: ClientView }>) => {
    setBusy(true);
    try {
      props.onChange((await fn()).data);
      setError(undefined);
      setPick('');
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const grant = (e: FormEvent) => {
    e.preventDefault();
    if (pick) run(() => exchangeApi.grant(client.clientId, pick));
  };
  const revoke = (code: string) => {
    if (!window.confirm(`Thu hồi mục đích ${code}? Yêu cầu theo mục đích này bị từ chối trong vòng 5 giây.`))
      return;
    run(() => exchangeApi.revoke(client.clientId, code));
  };

  return (
    <div>
      <h4>Mục đích được cấp</h4>
      <ProblemBanner error={error} extra={errs.rest} focus={false} />
      {client.purposes.length === 0 ? (
        <p className="muted">Chưa được cấp mục đích nào: hệ thống chưa thể gọi API.</p>
      ) : (
        <ul className="plain-list" data-testid="granted">
          {client.purposes.map((code) => (
            <li key={code} className="grant">
              <PurposeDetails purpose={byCode.get(code)} code={code} />
              <button type="button" className="btn btn-small" disabled={busy} onClick={() => revoke(code)}>
                Thu hồi
              </button>
            </li>
          ))}
        </ul>
      )}
      {available.length ? (
        <form onSubmit={grant} noValidate className="grant-form">
          <Field label="Cấp mục đích" error={errs.byField.purpose}>
            {(a) => (
              <select {...a} name="purpose" value={pick} onChange={(e) => setPick(e.target.value)}>
                <option value="">— Chọn mục đích —</option>
                {available.map((p) => (
                  <option key={p.code} value={p.code}>
                    {p.titleVi} ({p.code})
                  </option>
                ))}
              </select>
            )}
          </Field>
          {picked ? <PurposeDetails purpose={picked} code={picked.code} /> : null}
          <button type="submit" className="btn btn-primary" disabled={busy || !pick}>
            Cấp mục đích
          </button>
        </form>
      ) : null}
    </div>
  );
}
