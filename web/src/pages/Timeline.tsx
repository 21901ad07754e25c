import type { PersonEvent } from '../api.js';
import { actorLabel, documentKindLabel, eventLabel, formatDate, formatDateTime } from '../format.js';

/** Card issue reasons (IssueCard.reason) in Vietnamese; corrections carry free text. */
const CARD_REASONS: Record<string, string> = {
  first: 'cấp lần đầu',
  age_renewal: 'đổi thẻ theo độ tuổi',
  lost: 'cấp lại do mất',
  damaged: 'cấp lại do hư hỏng',
  details_changed: 'cấp lại do thay đổi thông tin',
};

/** A short Vietnamese summary of what an event's data says, when there is something to say. */
function summary(e: PersonEvent): string | undefined {
  const d = e.data as Record<string, unknown>;
  const place = d.place as { text?: string; unitCode?: string } | undefined;
  const parts: string[] = [];
  const text = typeof d.addressLine === 'string' ? d.addressLine : place?.text;
  const unit = typeof d.unitName === 'string' ? d.unitName : (place?.unitCode ?? d.unitCode);
  if (text || unit) parts.push([text, unit].filter(Boolean).join(', '));
  if (typeof d.until === 'string') parts.push(`đến ${formatDate(d.until)}`);
  if (typeof d.reason === 'string') parts.push(`Lý do: ${CARD_REASONS[d.reason] ?? d.reason}`);
  if (typeof d.number === 'string' && e.type.startsWith('card')) parts.push(`Số thẻ ${d.number}`);
  if (typeof d.oldId === 'string') parts.push(`CMND ${d.oldId}`);
  return parts.length ? parts.join(' · ') : undefined;
}

/** Lịch sử: every event, newest first, with date, type, actor and source document. */
export function Timeline({ events }: { events: PersonEvent[] }) {
  const list = [...events].sort((a, b) => b.seq - a.seq);
  return (
    <section className="card" aria-labelledby="tl-title">
      <h2 id="tl-title">Lịch sử thay đổi</h2>
      {list.length === 0 ? (
        <p className="muted">Chưa có sự kiện.</p>
      ) : (
        <ol className="timeline" data-testid="timeline">
          {list.map((e) => {
            const s = summary(e);
            return (
              <li key={e.seq} data-type={e.type}>
                <div className="tl-date">{formatDate(e.effectiveDate)}</div>
                <div className="tl-body">
                  <strong className="tl-type">{eventLabel(e.type, e.data as Record<string, unknown>)}</strong>
                  {s ? <p>{s}</p> : null}
                  <p className="muted small">
                    Căn cứ: {documentKindLabel(e.sourceDocument.kind)} số {e.sourceDocument.number}
                    {e.sourceDocument.issuedBy ? `, ${e.sourceDocument.issuedBy}` : ''}
                    {e.sourceDocument.issuedOn ? ` ngày ${formatDate(e.sourceDocument.issuedOn)}` : ''}
                  </p>
                  <p className="muted small">
                    Người thực hiện: {actorLabel(e.actor)} · Ghi nhận lúc {formatDateTime(e.recordedAt)}
                  </p>
                </div>
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
