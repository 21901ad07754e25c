import { formatDate, sexLabel } from '../../format.js';
import type { Candidate } from './cleaning-api.js';
import { pct } from './cleaning-format.js';
import { WeightChart } from './WeightChart.js';

const probClass = (p: number) => (p >= 0.9 ? 'prob-high' : p >= 0.5 ? 'prob-mid' : 'prob-low');

/** One register person a row may be: who they are, how likely, why, and the button to choose them. */
export function CandidateCard(props: {
  candidate: Candidate;
  index: number;
  scale: number;
  disabled: boolean;
  onChoose: () => void;
}) {
  const { candidate: c, index } = props;
  const p = c.person;
  const key = String(index + 1);
  const titleId = `cand-${c.id}`;
  return (
    <section
      className={`candidate${index === 0 ? ' candidate-best' : ''}`}
      aria-labelledby={titleId}
      data-testid="candidate"
      data-pid={c.id}
    >
      <h3 id={titleId}>
        <span aria-hidden="true">
          <kbd>{key}</kbd>
        </span>
        <span>{p?.fullName ?? 'Không đọc được hồ sơ'}</span>
        {index === 0 ? <span className="badge badge-ok">Tốt nhất</span> : null}
      </h3>
      <p>
        <span className={`prob ${probClass(c.probability)}`} data-testid="probability">
          {pct(c.probability)}
        </span>{' '}
        <span className="small muted">khả năng là cùng một người</span>
      </p>
      <dl className="dl small">
        <div>
          <dt>Số định danh</dt>
          <dd className="mono">{c.id}</dd>
        </div>
        {p ? (
          <>
            <div>
              <dt>Ngày sinh</dt>
              <dd>{formatDate(p.dateOfBirth)}</dd>
            </div>
            <div>
              <dt>Giới tính</dt>
              <dd>{sexLabel(p.sex)}</dd>
            </div>
            <div>
              <dt>Thường trú</dt>
              <dd>{p.permanentResidence ?? '—'}</dd>
            </div>
            {p.status !== 'alive' ? (
              <div>
                <dt>Tình trạng</dt>
                <dd>
                  <span className="badge badge-muted">{p.status === 'deceased' ? 'Đã mất' : p.status}</span>
                </dd>
              </div>
            ) : null}
          </>
        ) : null}
      </dl>
      <WeightChart candidate={c} scale={props.scale} />
      <button
        type="button"
        className={`btn ${index === 0 ? 'btn-primary' : ''}`}
        disabled={props.disabled}
        onClick={props.onChoose}
      >
        {index === 0 ? (
          <>
            Chấp nhận <kbd>A</kbd>
          </>
        ) : (
          <>
            Chọn người này <kbd>{key}</kbd>
          </>
        )}
      </button>
    </section>
  );
}
