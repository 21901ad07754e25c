import { type FormEvent, useEffect, useRef, useState } from 'react';
import { ApiError } from '../../api.js';
import { Field } from '../../components/Field.js';
import { ProblemBanner } from '../../components/ProblemBanner.js';
import { type DatasetPreview, type Job, PREVIEW_XLSX_BYTES, previewOf } from './cleaning-api.js';
import { bytes, KINDS, MODES, pct, ROLES } from './cleaning-format.js';
import { PreviewTable } from './PreviewTable.js';
import { type Peek, peekHeaders } from './peek.js';
import { uploadDataset } from './upload.js';

const ENCODINGS: Record<string, string> = {
  '': 'Tự nhận dạng',
  'utf-8': 'UTF-8 (Unicode)',
  'windows-1258': 'Windows-1258 (TCVN cũ trên Windows)',
  'utf-16le': 'UTF-16',
};

/** What a problem says, for a line of text. */
const messageOf = (e: unknown) =>
  e instanceof ApiError ? `${e.message} (${e.code})` : e instanceof Error ? e.message : String(e);

/**
 * The upload form: a dataset file (CSV, XLSX or JSON Lines), what it holds, whether to
 * match it against the register or only find duplicates in it, and the role of each
 * column. Before anything is uploaded, the start of the file (a whole XLSX workbook up to
 * 20 MB) goes to POST /preview: the first rows are shown with the role the server suggests
 * for each column, which can be changed. The file is then streamed to the server with a
 * progress bar and can be cancelled.
 */
export function UploadForm({ onUploaded }: { onUploaded: (job: Job) => void }) {
  const [file, setFile] = useState<File>();
  const [kind, setKind] = useState('vaccination');
  const [mode, setMode] = useState<'registry' | 'dedupe'>('registry');
  const [encoding, setEncoding] = useState('');
  const [preview, setPreview] = useState<DatasetPreview>();
  /** why there is no preview (a large workbook, or the server refused the start of the file) */
  const [previewNote, setPreviewNote] = useState<string>();
  /** the columns read in the page, when the server could not preview the file */
  const [peek, setPeek] = useState<Peek>();
  const [roles, setRoles] = useState<Record<string, string>>({});
  const [mappingText, setMappingText] = useState('');
  const [fileError, setFileError] = useState<string>();
  const [error, setError] = useState<unknown>();
  const [sent, setSent] = useState<{ loaded: number; total: number }>();
  const abort = useRef<() => void>(undefined);

  // The server's preview of the chosen file (again when the encoding is forced); failing
  // that, the columns the page can read itself, for a mapping by hand.
  useEffect(() => {
    setPreview(undefined);
    setPreviewNote(undefined);
    setPeek(undefined);
    if (!file || file.size === 0) return;
    let live = true;
    const fallback = () =>
      peekHeaders(file, encoding || undefined).then(
        (p) => live && setPeek(p),
        () => undefined,
      );
    previewOf(file, encoding || undefined).then(
      (p) => {
        if (!live) return;
        if (p) setPreview(p);
        else
          setPreviewNote(
            `Tệp XLSX lớn hơn ${bytes(PREVIEW_XLSX_BYTES)} nên không xem trước được. Hệ thống vẫn tự nhận các cột khi xử lý; cũng có thể ghép cột bằng tay bên dưới.`,
          );
      },
      (e: unknown) => {
        if (!live) return;
        setPreviewNote(`Không xem trước được tệp: ${messageOf(e)}`);
        fallback();
      },
    );
    return () => {
      live = false;
    };
  }, [file, encoding]);

  const headers = preview?.headers ?? peek?.headers;
  const suggested: Record<string, string> = preview?.suggestedMapping ?? {};
  const roleOf = (h: string) => roles[h] || suggested[h] || 'ignore';

  const pick = (f: File | undefined) => {
    setFile(f);
    setRoles({});
    setMappingText('');
    setFileError(f && f.size === 0 ? 'Tệp rỗng, không có dữ liệu.' : undefined);
    setError(undefined);
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!file) return setFileError('Chọn tệp dữ liệu cần làm sạch.');
    if (file.size === 0) return setFileError('Tệp rỗng, không có dữ liệu.');
    setError(undefined);
    // Only the roles changed by hand travel; the server suggests the others as shown.
    const mapping = headers
      ? Object.fromEntries(
          Object.entries(roles).filter(([h, r]) => r && headers.includes(h) && r !== suggested[h]),
        )
      : mappingText;
    const up = uploadDataset(
      file,
      { kind, mode, mapping, ...(encoding ? { encoding } : {}) },
      (loaded, total) => setSent({ loaded, total }),
    );
    abort.current = up.abort;
    setSent({ loaded: 0, total: file.size });
    try {
      const job = await up.done;
      pick(undefined);
      onUploaded(job);
    } catch (err) {
      if (!(err instanceof ApiError && err.code === 'upload.aborted')) setError(err);
    } finally {
      setSent(undefined);
      abort.current = undefined;
    }
  };

  const busy = sent !== undefined;
  return (
    <form className="card form upload-form" onSubmit={submit} aria-labelledby="upload-title">
      <h2 id="upload-title">Tải lên tập dữ liệu mới</h2>
      <ProblemBanner error={error} extra={error instanceof ApiError ? error.problem.errors : undefined} />
      <div className={`file-pick${fileError ? ' has-error' : ''}`}>
        <Field
          label="Tệp dữ liệu"
          required
          error={fileError}
          hint="CSV, XLSX hoặc JSON Lines; dòng đầu là tên cột. Tệp lớn (vài GB) được gửi dần, trang không đọc hết vào bộ nhớ."
        >
          {(a) => (
            <input
              {...a}
              type="file"
              name="file"
              accept=".csv,.tsv,.txt,.xlsx,.jsonl,.ndjson"
              disabled={busy}
              onChange={(e) => pick(e.target.files?.[0])}
            />
          )}
        </Field>
        {file ? (
          <p className="small">
            <span className="file-name">{file.name}</span> · {bytes(file.size)}
            {preview
              ? ` · ${preview.headers.length} cột · ${preview.format === 'xlsx' ? 'XLSX' : `bảng mã ${preview.encoding}`}`
              : peek
                ? ` · ${peek.headers.length} cột · bảng mã ${peek.encoding}`
                : ''}
          </p>
        ) : null}
        {previewNote ? (
          <p className="small banner banner-warn" role="status" data-testid="preview-note">
            {previewNote}
          </p>
        ) : null}
      </div>
      {preview ? <PreviewTable preview={preview} roleOf={roleOf} /> : null}
      <div className="row row-3">
        <Field label="Loại dữ liệu" required>
          {(a) => (
            <select {...a} name="kind" value={kind} disabled={busy} onChange={(e) => setKind(e.target.value)}>
              {Object.entries(KINDS).map(([k, l]) => (
                <option key={k} value={k}>
                  {l}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Cách làm sạch" required>
          {(a) => (
            <select
              {...a}
              name="mode"
              value={mode}
              disabled={busy}
              onChange={(e) => setMode(e.target.value as 'registry' | 'dedupe')}
            >
              {Object.entries(MODES).map(([k, l]) => (
                <option key={k} value={k}>
                  {l}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Bảng mã ký tự">
          {(a) => (
            <select
              {...a}
              name="encoding"
              value={encoding}
              disabled={busy}
              onChange={(e) => setEncoding(e.target.value)}
            >
              {Object.entries(ENCODINGS).map(([k, l]) => (
                <option key={k} value={k}>
                  {l}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      {file ? (
        <details className="mapping-box">
          <summary>Ghép cột thủ công (không bắt buộc)</summary>
          <p className="hint">
            Hệ thống tự nhận các tên cột thường gặp (“Họ và tên”, “Ngày sinh”, “Số CMND/CCCD”, “SĐT”…). Chỉ
            chọn cho những cột nhận sai.
          </p>
          {headers ? (
            <div className="mapping-grid">
              {headers.map((h) => (
                <Field key={h} label={h}>
                  {(a) => (
                    <select
                      {...a}
                      name={`role:${h}`}
                      value={preview ? roleOf(h) : (roles[h] ?? '')}
                      disabled={busy}
                      onChange={(e) => setRoles({ ...roles, [h]: e.target.value })}
                    >
                      {preview ? null : <option value="">Tự nhận dạng</option>}
                      {Object.entries(ROLES).map(([r, l]) => (
                        <option key={r} value={r}>
                          {l}
                        </option>
                      ))}
                    </select>
                  )}
                </Field>
              ))}
            </div>
          ) : (
            <Field
              label="Ghép cột (tên cột=vai trò, mỗi dòng một cột)"
              hint={`Vai trò: ${Object.keys(ROLES).join(', ')}. Ví dụ: Ho ten=fullName`}
            >
              {(a) => (
                <textarea
                  {...a}
                  name="mapping"
                  value={mappingText}
                  disabled={busy}
                  onChange={(e) => setMappingText(e.target.value)}
                />
              )}
            </Field>
          )}
        </details>
      ) : null}
      {sent ? (
        <div className="progress" aria-live="polite">
          <div
            className="progress-track"
            role="progressbar"
            aria-label="Đang tải tệp lên"
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={Math.round((sent.loaded / Math.max(sent.total, 1)) * 100)}
          >
            <div
              className="progress-fill"
              style={{ width: `${(sent.loaded / Math.max(sent.total, 1)) * 100}%` }}
            />
          </div>
          <span className="progress-text small muted">
            Đã gửi {bytes(sent.loaded)} / {bytes(sent.total)} ({pct(sent.loaded / Math.max(sent.total, 1), 0)}
            )
          </span>
        </div>
      ) : null}
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {busy ? 'Đang tải lên…' : 'Tải lên và làm sạch'}
        </button>
        {busy ? (
          <button type="button" className="btn" onClick={() => abort.current?.()}>
            Hủy tải lên
          </button>
        ) : null}
      </div>
    </form>
  );
}
