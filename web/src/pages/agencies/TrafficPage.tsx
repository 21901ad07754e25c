import { useCallback, useEffect, useState } from 'react';
import './console.css';
import { ProblemBanner } from '../../components/ProblemBanner.js';
import { formatDateTime } from '../../format.js';
import { Link, useLocation, useTitle } from '../../router.js';
import { type ClientHealth, exchangeApi, type FailingWebhook } from './exchange-api.js';

/** How often the screen asks for fresh numbers. */
export const REFRESH_MS = 5000;

const percent = (r: number) => `${(r * 100).toFixed(r > 0 && r < 0.01 ? 2 : 1)} %`;
const ms = (v: number | null) => (v === null ? '—' : `≤ ${v >= 1000 ? `${v / 1000} s` : `${v} ms`}`);
const rateClass = (r: number) => (r >= 0.2 ? 'badge-err' : r >= 0.05 ? 'badge-warn' : 'badge-ok');

/**
 * Lưu lượng kết nối: per agency and client, requests, error rate, latency percentiles
 * and the last successful call (numbers of this API process), plus webhooks that are
 * failing; refreshed every few seconds. `?agency=code` keeps one agency.
 */
export function TrafficPage() {
  useTitle('Lưu lượng kết nối');
  const { params } = useLocation();
  const only = params.get('agency') ?? '';
  const [data, setData] = useState<{ items: ClientHealth[]; webhooks: FailingWebhook[]; at: Date }>();
  const [error, setError] = useState<unknown>();
  const [auto, setAuto] = useState(true);

  const load = useCallback(async () => {
    try {
      const { data } = await exchangeApi.health();
      setData({ ...data, at: new Date() });
      setError(undefined);
    } catch (e) {
      setError(e);
    }
  }, []);

  useEffect(() => {
    load();
    if (!auto) return;
    const timer = setInterval(load, REFRESH_MS);
    return () => clearInterval(timer);
  }, [load, auto]);

  const items = (data?.items ?? []).filter((i) => !only || i.agency === only);
  const webhooks = (data?.webhooks ?? []).filter((w) => !only || w.agencyCode === only);

  return (
    <section aria-labelledby="traffic-title">
      <div className="page-head">
        <div>
          <h1 id="traffic-title">Lưu lượng kết nối</h1>
          <p className="muted">
            Số yêu cầu, tỷ lệ lỗi và độ trễ theo từng hệ thống của cơ quan, từ khi tiến trình API này khởi
            động. Tự làm mới mỗi {REFRESH_MS / 1000} giây.
          </p>
        </div>
        <div className="actions">
          <label className="check">
            <input type="checkbox" checked={auto} onChange={(e) => setAuto(e.target.checked)} /> Tự làm mới
          </label>
          <button type="button" className="btn" onClick={load}>
            Làm mới
          </button>
        </div>
      </div>
      {only ? (
        <p className="crumbs">
          Chỉ cơ quan <code>{only}</code> · <Link href="/traffic">Xem tất cả</Link>
        </p>
      ) : null}
      <ProblemBanner error={error} focus={false} />
      <p className="muted small" aria-live="polite" data-testid="traffic-updated">
        {data ? `Cập nhật lúc ${data.at.toLocaleTimeString('vi-VN')}` : 'Đang tải…'}
      </p>

      <div className="card">
        <h2>Yêu cầu theo hệ thống</h2>
        {data && items.length === 0 ? (
          <p className="empty">Chưa có yêu cầu nào từ cơ quan kết nối.</p>
        ) : (
          <div className="table-wrap">
            <table className="table" data-testid="traffic-table">
              <caption className="sr-only">Yêu cầu theo hệ thống</caption>
              <thead>
                <tr>
                  <th scope="col">Cơ quan</th>
                  <th scope="col">Hệ thống (client_id)</th>
                  <th scope="col" className="num">
                    Yêu cầu
                  </th>
                  <th scope="col" className="num">
                    Lỗi
                  </th>
                  <th scope="col">Tỷ lệ lỗi</th>
                  <th scope="col">Độ trễ p50 / p95 / p99</th>
                  <th scope="col">Gọi thành công gần nhất</th>
                </tr>
              </thead>
              <tbody>
                {items.map((i) => (
                  <tr key={i.client} data-client={i.client}>
                    <td data-label="Cơ quan">
                      <Link href={`/agencies/${i.agency}`}>{i.agency}</Link>
                    </td>
                    <td data-label="Hệ thống" className="mono small">
                      {i.client}
                    </td>
                    <td data-label="Yêu cầu" className="num" data-testid="requests">
                      {i.requests}
                    </td>
                    <td data-label="Lỗi" className="num">
                      {i.errors}
                    </td>
                    <td data-label="Tỷ lệ lỗi">
                      <span className={`badge ${rateClass(i.errorRate)}`}>{percent(i.errorRate)}</span>
                    </td>
                    <td data-label="Độ trễ">
                      {ms(i.latencyMs.p50)} / {ms(i.latencyMs.p95)} / {ms(i.latencyMs.p99)}
                    </td>
                    <td data-label="Thành công gần nhất" data-testid="last-success">
                      {i.lastSuccessAt ? formatDateTime(i.lastSuccessAt) : '—'}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </div>

      <div className="card">
        <h2>Webhook đang lỗi</h2>
        {data && webhooks.length === 0 ? (
          <p className="muted">Không có webhook nào đang lỗi.</p>
        ) : (
          <div className="table-wrap">
            <table className="table" data-testid="webhook-table">
              <caption className="sr-only">Webhook đang lỗi</caption>
              <thead>
                <tr>
                  <th scope="col">Cơ quan / chủ đăng ký</th>
                  <th scope="col">Địa chỉ nhận</th>
                  <th scope="col" className="num">
                    Đang thử lại
                  </th>
                  <th scope="col" className="num">
                    Đã bỏ (dead)
                  </th>
                  <th scope="col">Lỗi gần nhất</th>
                  <th scope="col" />
                </tr>
              </thead>
              <tbody>
                {webhooks.map((w) => (
                  <tr key={w.subscriptionId}>
                    <td data-label="Cơ quan">
                      {w.agency ?? '—'}
                      <div className="mono small muted">{w.owner}</div>
                    </td>
                    <td data-label="Địa chỉ nhận" className="mono small break">
                      {w.callbackUrl}
                    </td>
                    <td data-label="Đang thử lại" className="num">
                      {w.retrying}
                    </td>
                    <td data-label="Đã bỏ" className="num">
                      {w.dead}
                    </td>
                    <td data-label="Lỗi gần nhất">
                      <span className="badge badge-err">{w.lastStatus ?? 'không trả lời'}</span>{' '}
                      <span className="small">{w.lastError ?? ''}</span>
                      <div className="muted small">{formatDateTime(w.lastAttemptAt ?? undefined)}</div>
                    </td>
                    <td data-label="">
                      {w.dead ? (
                        <Link href={`/events/dead-letters?subscription=${w.subscriptionId}`}>Gửi lại…</Link>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </div>
    </section>
  );
}
