import type { DatasetPreview } from './cleaning-api.js';
import { bytes, roleLabel } from './cleaning-format.js';

/**
 * The first rows of a file before it is uploaded, as the server read them, with the role
 * each column will have (the server's suggestion, or the one chosen by hand) above them,
 * and the problems found in those rows.
 */
export function PreviewTable({
  preview,
  roleOf,
}: {
  preview: DatasetPreview;
  /** the role a column will have: chosen by hand or suggested */
  roleOf: (header: string) => string;
}) {
  const { headers, sampleRows, problems } = preview;
  return (
    <section className="preview" aria-labelledby="preview-title" data-testid="preview">
      <h3 id="preview-title">Xem trước {sampleRows.length} dòng đầu</h3>
      <p className="hint">
        {preview.partial ? `Đọc từ ${bytes(preview.bytesRead)} đầu tệp. ` : ''}Hàng “Vai trò” là cách hệ thống
        sẽ hiểu từng cột; nếu sai, sửa ở phần ghép cột bên dưới trước khi tải lên.
      </p>
      <div className="table-wrap">
        <table className="table preview-table">
          <thead>
            <tr>
              <th scope="col" className="num">
                Dòng
              </th>
              {headers.map((h) => (
                <th key={h} scope="col">
                  {h}
                </th>
              ))}
            </tr>
            <tr className="preview-roles">
              <th scope="row" className="num">
                Vai trò
              </th>
              {headers.map((h) => {
                const role = roleOf(h);
                const changed = role !== (preview.suggestedMapping[h] ?? 'ignore');
                return (
                  <td
                    key={h}
                    data-role={role}
                    className={changed ? 'role-changed' : role === 'ignore' ? 'muted' : undefined}
                  >
                    {roleLabel(role)}
                    {changed ? <span className="small"> (đã sửa)</span> : null}
                  </td>
                );
              })}
            </tr>
          </thead>
          <tbody>
            {sampleRows.map((r) => (
              <tr key={r.line}>
                <td className="num mono">{r.line}</td>
                {headers.map((h) => (
                  <td key={h}>{r.values[h] ?? ''}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {problems.length > 0 ? (
        <ul className="problems small" aria-label="Lỗi trong các dòng đầu" style={{ marginTop: '0.5rem' }}>
          {problems.map((p) => (
            <li key={`${p.line}:${p.code}:${p.field ?? ''}`}>
              ⚠ Dòng <span className="mono">{p.line}</span>: {p.reason}
              {p.cells?.length ? <span className="muted"> — “{p.cells.join(' | ')}”</span> : null}{' '}
              <code className="small muted">{p.code}</code>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
