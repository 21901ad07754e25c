import { type FormEvent, useEffect, useRef, useState } from 'react';
import { ApiError } from '../../api.js';
import { Field } from '../../components/Field.js';
import { ProblemBanner } from '../../components/ProblemBanner.js';
import type { Job } from './cleaning-api.js';
import { bytes, KINDS, MODES, pct, ROLES } from './cleaning-format.js';
import { type Peek, peekHeaders } from './peek.js';
import { uploadDataset } from './upload.js';

const ENCODINGS: Record<string, string> = {
  '': 'Tự nhận dạng',
  'utf-8': 'UTF-8 (Unicode)',
  'windows-1258': 'Windows-1258 (TCVN cũ trên Windows)',
  'utf-16le': 'UTF-16',
};

/**
 * The upload form: a dataset file (CSV, XLSX or JSON Lines), what it holds, whether to
 * match it against the register or only find duplicates in it, and optionally the role of
 * some columns. The file is streamed to the server with a progress bar and can be cancelled.
 */
export function UploadForm({ onUploaded }: { onUploaded: (job: Job) => void }) {
  const [file, setFile] = useState<File>();
  const [kind, setKind] = useState('vaccination');
  const [mode, setMode] = useState<'registry' | 'dedupe'>('registry');
  const [encoding, setEncoding] = useState('');
  const [peek, setPeek] = useState<Peek>();
  const [roles, setRoles] = useState<Record<string, string>>({});
  const [mappingText, setMappingText] = useState('');
  const [fileError, setFileError] = useState<string>();
  const [error, setError] = useState<unknown>();
  const [sent, setSent] = useState<{ loaded: number; total: number }>();
  const abort = useRef<() => void>(undefined);

  // The headers of the chosen file, read from its first bytes (again when the encoding is forced).
  useEffect(() => {
    setPeek(undefined);
    if (!file) return;
    let live = true;
    peekHeaders(file, encoding || undefined).then(
      (p) => live && setPeek(p),
      () => live && setPeek(undefined),
    );
    return () => {
      live = false;
    };
  }, [file, encoding]);

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
    const mapping = peek
      ? Object.fromEntries(Object.entries(roles).filter(([h, r]) => r && peek.headers.includes(h)))
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
            {peek ? ` · ${peek.headers.length} cột · bảng mã ${peek.encoding}` : ''}
          </p>
        ) : null}
      </div>
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
          {peek ? (
            <div className="mapping-grid">
              {peek.headers.map((h) => (
                <Field key={h} label={h}>
                  {(a) => (
                    <select
                      {...a}
                      name={`role:${h}`}
                      value={roles[h] ?? ''}
                      disabled={busy}
                      onChange={(e) => setRoles({ ...roles, [h]: e.target.value })}
                    >
                      <option value="">Tự nhận dạng</option>
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
