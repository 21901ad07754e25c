import { type FormEvent, useCallback, useEffect, useId, useState } from 'react';
import '../agencies/console.css';
import { TextField } from '../../components/Field.js';
import { ProblemBanner } from '../../components/ProblemBanner.js';
import { formatDateTime } from '../../format.js';
import { Link, useLocation, useTitle } from '../../router.js';
import { formErrors } from '../agencies/field-errors.js';
import { type DeadLetterView, eventsApi, type SubscriptionView } from './events-api.js';

const EVENT_TYPES: Record<string, string> = {
  'person.born': 'Khai sinh',
  'person.died': 'Khai tử',
  'person.moved': 'Thay đổi cư trú',
  'person.corrected': 'Điều chỉnh thông tin',
  'card.changed': 'Thay đổi thẻ căn cước',
};

/**
 * Sự kiện gửi lỗi: deliveries given up after the last attempt, per subscription; replay
 * one of them, or every event of the subscription from a position on (receivers
 * de-duplicate on the event id). `?subscription=id` keeps one subscription.
 */
export function DeadLettersPage() {
  useTitle('Sự kiện gửi lỗi');
  const { params } = useLocation();
  const only = params.get('subscription') ?? '';
  const [subs, setSubs] = useState<SubscriptionView[]>();
  const [dead, setDead] = useState<DeadLetterView[]>([]);
  const [error, setError] = useState<unknown>();
  const [notice, setNotice] = useState<string>();

  const load = useCallback(async () => {
    try {
      const [s, d] = await Promise.all([eventsApi.subscriptions(), eventsApi.deadLetters(only || undefined)]);
      setSubs(s.data.items);
      setDead(d.data.items);
      setError(undefined);
    } catch (e) {
      setError(e);
    }
  }, [only]);
  useEffect(() => {
    load();
  }, [load]);

  const replayed = async (n: number) => {
    setNotice(
      n === 0
        ? 'Không có sự kiện nào trong khoảng này để gửi lại.'
        : `Đã đưa ${n} sự kiện vào hàng đợi gửi lại. Người nhận loại bỏ bản trùng theo mã sự kiện.`,
    );
    await load();
  };

  const groups = (subs ?? [])
    .filter((s) => (only ? s.id === only : dead.some((d) => d.subscriptionId === s.id)))
    .map((s) => ({ sub: s, items: dead.filter((d) => d.subscriptionId === s.id) }));

  return (
    <section aria-labelledby="dead-title">
      <div className="page-head">
        <div>
          <h1 id="dead-title">Sự kiện gửi lỗi</h1>
          <p className="muted">
            Sự kiện thay đổi không gửi được tới webhook của cơ quan sau lần thử cuối cùng. Sửa máy nhận rồi
            gửi lại.
          </p>
        </div>
        <button type="button" className="btn" onClick={load}>
          Làm mới
        </button>
      </div>
      {only ? (
        <p className="crumbs">
          Một đăng ký · <Link href="/events/dead-letters">Xem tất cả</Link>
        </p>
      ) : null}
      {notice ? (
        <div className="banner banner-ok" role="status">
          {notice}
        </div>
      ) : null}
      <ProblemBanner error={error} />
      {subs && groups.length === 0 ? (
        <p className="empty" data-testid="no-dead-letters">
          Không có sự kiện gửi lỗi nào.
        </p>
      ) : null}
      <div className="stack">
        {groups.map((g) => (
          <SubscriptionDeadLetters key={g.sub.id} sub={g.sub} items={g.items} onReplayed={replayed} />
        ))}
      </div>
    </section>
  );
}

function SubscriptionDeadLetters(props: {
  sub: SubscriptionView;
  items: DeadLetterView[];
  onReplayed: (n: number) => void;
}) {
  const { sub, items } = props;
  const titleId = useId();
  const [from, setFrom] = useState(items[0] ? String(items[0].position) : '');
  const [error, setError] = useState<unknown>();
  const [local, setLocal] = useState<string>();
  const [busy, setBusy] = useState(false);
  const errs = formErrors(error, ['fromPosition']);

  const replay = async (body: { fromPosition: number | string; toPosition?: number }) => {
    setBusy(true);
    try {
      const { data } = await eventsApi.replay(sub.id, body);
      setError(undefined);
      props.onReplayed(data.requeued);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const replayFrom = (e: FormEvent) => {
    e.preventDefault();
    const s = from.trim();
    if (!/^\d+$/.test(s)) {
      setLocal('Nhập vị trí là số nguyên ≥ 0.');
      return;
    }
    setLocal(undefined);
    replay({ fromPosition: Number(s) });
  };

  return (
    <section className="card" aria-labelledby={titleId} data-testid={`dead-${sub.id}`}>
      <h2 id={titleId}>
        <span className="mono">{sub.owner}</span>
      </h2>
      <p className="muted small">
        Gửi tới <code className="break">{sub.callbackUrl}</code> ·{' '}
        {sub.active ? 'đang hoạt động' : 'đã ngừng'} · đã gửi tới vị trí {sub.lastDeliveredPosition ?? '—'}
      </p>
      <ProblemBanner error={error} extra={errs.rest} focus={false} />
      {items.length === 0 ? (
        <p className="muted">Không có sự kiện gửi lỗi.</p>
      ) : (
        <div className="table-wrap">
          <table className="table">
            <caption className="sr-only">Sự kiện gửi lỗi của {sub.owner}</caption>
            <thead>
              <tr>
                <th scope="col">Vị trí</th>
                <th scope="col">Sự kiện</th>
                <th scope="col" className="num">
                  Số lần thử
                </th>
                <th scope="col">Lỗi cuối</th>
                <th scope="col">Lần thử cuối</th>
                <th scope="col" />
              </tr>
            </thead>
            <tbody>
              {items.map((d) => (
                <tr key={d.position} data-position={d.position}>
                  <td data-label="Vị trí" className="mono">
                    {d.position}
                  </td>
                  <td data-label="Sự kiện">
                    {EVENT_TYPES[d.type] ?? d.type}
                    <div className="mono small muted">{d.eventId}</div>
                  </td>
                  <td data-label="Số lần thử" className="num">
                    {d.attempts}
                  </td>
                  <td data-label="Lỗi cuối">
                    <span className="badge badge-err">{d.lastStatus ?? 'không trả lời'}</span>{' '}
                    <span className="small">{d.lastError ?? ''}</span>
                  </td>
                  <td data-label="Lần thử cuối">{formatDateTime(d.lastAttemptAt ?? undefined)}</td>
                  <td data-label="">
                    <button
                      type="button"
                      className="btn btn-small"
                      disabled={busy}
                      onClick={() => replay({ fromPosition: d.position, toPosition: d.position })}
                      aria-label={`Gửi lại sự kiện ở vị trí ${d.position}`}
                    >
                      Gửi lại
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <form className="replay-form" onSubmit={replayFrom} noValidate>
        <TextField
          label="Gửi lại mọi sự kiện từ vị trí"
          name="fromPosition"
          value={from}
          onChange={setFrom}
          error={local ?? errs.byField.fromPosition}
          hint="Cả sự kiện đã gửi thành công từ vị trí này cũng được gửi lại, theo đúng thứ tự."
          inputMode="numeric"
        />
        <button type="submit" className="btn btn-primary" disabled={busy}>
          Gửi lại tất cả từ vị trí này
        </button>
      </form>
    </section>
  );
}
