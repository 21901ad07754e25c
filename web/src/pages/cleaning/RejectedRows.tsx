import { useCallback, useEffect, useState } from 'react';
import { ProblemBanner } from '../../components/ProblemBanner.js';
import { cleaningApi, type Row } from './cleaning-api.js';
import { num } from './cleaning-format.js';

const PAGE = 25;

/**
 * The non-empty cells of a row as 'Header: value · …'; for a row that could not be split
 * into the columns (too many or too few cells, a line that is not JSON), the cells as read,
 * 'a | b | c'; '—' when the server kept none.
 */
const cellsText = (r: Row) =>
  Object.entries(r.row)
    .filter(([, v]) => v.trim() !== '')
    .map(([h, v]) => `${h}: ${v}`)
    .join(' · ') ||
  r.problems.find((p) => p.cells?.length)?.cells?.join(' | ') ||
  '—';

/** Rows rejected at import, each with its line in the file and the reason, a page at a time. */
export function RejectedRows({ id, total }: { id: string; total: number }) {
  const [rows, setRows] = useState<Row[]>([]);
  const [next, setNext] = useState<number | null>(0);
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  const more = useCallback(
    async (after: number) => {
      setBusy(true);
      try {
        const { data } = await cleaningApi.rows(id, { status: 'rejected', after, limit: PAGE });
        setRows((r) => (after === 0 ? data.items : [...r, ...data.items]));
        setNext(data.next);
        setError(undefined);
      } catch (e) {
        setError(e);
      } finally {
        setBusy(false);
      }
    },
    [id],
  );
  useEffect(() => {
    more(0);
  }, [more]);

  return (
    <section className="card" aria-labelledby="rejected-title">
      <h2 id="rejected-title">Dòng bị loại ({num(total)})</h2>
      <ProblemBanner error={error} focus={false} />
      {rows.length === 0 && !busy && !error ? <p className="muted">Không có dòng nào bị loại.</p> : null}
      {rows.length > 0 ? (
        <div className="table-wrap">
          <table className="table" data-testid="rejected">
            <thead>
              <tr>
                <th scope="col" className="num">
                  Dòng
                </th>
                <th scope="col">Lý do</th>
                <th scope="col">Nội dung dòng</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.line}>
                  <td data-label="Dòng" className="num mono">
                    {r.line}
                  </td>
                  <td data-label="Lý do">
                    <ul className="problems">
                      {r.problems.map((p) => (
                        <li key={`${p.code}:${p.field ?? ''}:${p.reason}`}>
                          {p.reason} <code className="small muted">{p.code}</code>
                        </li>
                      ))}
                    </ul>
                  </td>
                  <td data-label="Nội dung dòng" className="small">
                    {cellsText(r)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {next !== null && rows.length > 0 ? (
        <div className="pager">
          <button type="button" className="btn" disabled={busy} onClick={() => more(next)}>
            Xem thêm
          </button>
        </div>
      ) : null}
    </section>
  );
}
