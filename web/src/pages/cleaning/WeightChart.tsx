import type { Candidate } from './cleaning-api.js';
import { fieldLabel, levelLabel, signed } from './cleaning-format.js';

/**
 * Why a candidate scored as it did: the weight (log2 m/u, in bits) each field added or
 * took away, as bars from a centre line — green for, red against — and the total, which
 * also holds the model's prior.
 *
 * @param scale the largest |weight| among the candidates shown side by side, so that their
 *   bars compare
 */
export function WeightChart({ candidate, scale }: { candidate: Candidate; scale: number }) {
  const sum = candidate.contributions.reduce((s, c) => s + c.weight, 0);
  const prior = candidate.weight - sum;
  const width = (w: number) => `${Math.min(100, (Math.abs(w) / Math.max(scale, 1e-9)) * 100)}%`;
  return (
    <table className="weights" data-testid="weights">
      <caption className="sr-only">Trọng số từng trường</caption>
      <thead className="sr-only">
        <tr>
          <th scope="col">Trường</th>
          <th scope="col">Mức so sánh</th>
          <th scope="col">Biểu đồ</th>
          <th scope="col">Trọng số (bit)</th>
        </tr>
      </thead>
      <tbody>
        {candidate.contributions.map((c) => (
          <tr key={c.field} data-field={c.field} className={c.weight === 0 ? 'w-zero' : undefined}>
            <th scope="row" title={c.field}>
              {fieldLabel(c.field)}
            </th>
            <td className="w-level" title={c.level}>
              {levelLabel(c.level)}
            </td>
            <td className="w-bar" aria-hidden="true">
              <div className="w-track">
                <div className="w-neg">
                  {c.weight < 0 ? <span style={{ width: width(c.weight) }} /> : null}
                </div>
                <div className="w-pos">
                  {c.weight > 0 ? <span style={{ width: width(c.weight) }} /> : null}
                </div>
              </div>
            </td>
            <td className="w-val">{signed(c.weight)}</td>
          </tr>
        ))}
      </tbody>
      <tfoot>
        {Math.abs(prior) >= 0.05 ? (
          <tr className="muted">
            <th scope="row">Tiền nghiệm</th>
            <td className="w-level">{levelLabel('prior')}</td>
            <td />
            <td className="w-val">{signed(prior)}</td>
          </tr>
        ) : null}
        <tr>
          <th scope="row">Tổng</th>
          <td />
          <td />
          <td className="w-val" data-testid="weight-total">
            {signed(candidate.weight)}
          </td>
        </tr>
      </tfoot>
    </table>
  );
}
