import { useCallback, useEffect, useState } from 'react';
import '../agencies/console.css';
import { ApiError } from '../../api.js';
import { ProblemBanner } from '../../components/ProblemBanner.js';
import { formatDateTime } from '../../format.js';
import { Link, useTitle } from '../../router.js';
import { fieldLabel } from '../agencies/labels.js';
import {
  type AuditEntry,
  actionLabel,
  auditApi,
  type CheckpointView,
  OUTCOMES,
  outcomeClass,
} from './audit-api.js';
import { type ProofReport, verifyEntryProof } from './proof.js';

type Check =
  | { state: 'running' }
  | { state: 'no_checkpoint'; checkpoint?: CheckpointView }
  | { state: 'done'; report: ProofReport; checkpoint: CheckpointView }
  | { state: 'failed'; error: unknown };

/**
 * Một mục nhật ký: its fields, and the check of its inclusion proof against the latest
 * signed checkpoint, recomputed here with WebCrypto (proof.ts), not taken from the server.
 */
export function EntryPage({ seq }: { seq: number }) {
  useTitle(`Mục nhật ký ${seq}`);
  const [entry, setEntry] = useState<AuditEntry>();
  const [error, setError] = useState<unknown>();
  const [check, setCheck] = useState<Check>({ state: 'running' });

  const verify = useCallback(async (e: AuditEntry) => {
    setCheck({ state: 'running' });
    try {
      const checkpoint = await auditApi.latestCheckpoint().then(
        (r) => r.data,
        (err) => {
          if (err instanceof ApiError && err.code === 'audit.no_checkpoint') return undefined;
          throw err;
        },
      );
      if (!checkpoint || checkpoint.treeSize <= e.seq) {
        setCheck({ state: 'no_checkpoint', ...(checkpoint ? { checkpoint } : {}) });
        return;
      }
      const [proof, keys] = await Promise.all([
        auditApi.inclusion(e.seq, checkpoint.treeSize),
        auditApi.keys(),
      ]);
      const report = await verifyEntryProof(e, e.leafHash, checkpoint.note, proof.data.proof, keys.data.keys);
      setCheck({ state: 'done', report, checkpoint });
    } catch (err) {
      setCheck({ state: 'failed', error: err });
    }
  }, []);

  useEffect(() => {
    auditApi.entry(seq).then(
      ({ data }) => {
        setEntry(data);
        verify(data);
      },
      (e) => setError(e),
    );
  }, [seq, verify]);

  if (error) return <ProblemBanner error={error} />;
  if (!entry) return <p className="muted">Đang tải…</p>;

  return (
    <article aria-labelledby="entry-title">
      <nav className="crumbs" aria-label="Vị trí">
        <Link href="/audit">Nhật ký kiểm toán</Link> <span aria-hidden="true">›</span> <span>Mục {seq}</span>
      </nav>
      <h1 id="entry-title">
        Mục nhật ký số <span className="mono">{seq}</span>
      </h1>
      <div className="grid-2">
        <section className="card" aria-labelledby="entry-fields">
          <h2 id="entry-fields">Nội dung</h2>
          <dl className="dl dl-entry">
            <Row label="Thời điểm">
              {formatDateTime(entry.recordedAt)} <code className="small muted">{entry.recordedAt}</code>
            </Row>
            <Row label="Người/hệ thống">
              <code>{entry.actorId}</code> ({entry.actorKind})
            </Row>
            <Row label="Hành động">
              {actionLabel(entry.action)} <code className="small muted">{entry.action}</code>
            </Row>
            <Row label="Công dân">
              {entry.subjectPid ? <Link href={`/persons/${entry.subjectPid}`}>{entry.subjectPid}</Link> : '—'}
            </Row>
            <Row label="Mục đích">{entry.purpose ? <code>{entry.purpose}</code> : '—'}</Row>
            <Row label="Trường dữ liệu">
              {entry.fields.length ? entry.fields.map(fieldLabel).join(', ') : '—'}
            </Row>
            <Row label="Kết quả">
              <span className={`badge ${outcomeClass(entry.outcome)}`}>
                {OUTCOMES[entry.outcome] ?? entry.outcome}
              </span>
            </Row>
            <Row label="Mã yêu cầu">
              {entry.requestId ? <code className="small">{entry.requestId}</code> : '—'}
            </Row>
            <Row label="Chi tiết">
              <code className="small break">{JSON.stringify(entry.detail)}</code>
            </Row>
            <Row label="Băm lá (leaf hash)">
              <code className="small break">{entry.leafHash}</code>
            </Row>
          </dl>
        </section>
        <ProofCard check={check} seq={seq} onRetry={() => verify(entry)} />
      </div>
    </article>
  );
}

function Row(props: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <dt>{props.label}</dt>
      <dd>{props.children}</dd>
    </div>
  );
}

function Step(props: { ok: boolean | undefined; title: string; children?: React.ReactNode }) {
  const mark = props.ok === undefined ? '…' : props.ok ? '✓' : '✗';
  return (
    <li className={`proof-step ${props.ok === undefined ? '' : props.ok ? 'is-ok' : 'is-bad'}`}>
      <span className="proof-mark" aria-hidden="true">
        {mark}
      </span>
      <div>
        <strong>{props.title}</strong>
        <span className="sr-only">{props.ok ? ': đạt' : ': không đạt'}</span>
        {props.children ? <div className="small muted">{props.children}</div> : null}
      </div>
    </li>
  );
}

function ProofCard(props: { check: Check; seq: number; onRetry: () => void }) {
  const { check } = props;
  return (
    <section className="card" aria-labelledby="proof-title" data-testid="proof">
      <h2 id="proof-title">Kiểm chứng bằng chứng Merkle</h2>
      <p className="muted small">
        Trình duyệt tự tính lại băm lá từ nội dung, kiểm tra chữ ký Ed25519 của checkpoint mới nhất và đi theo
        đường chứng minh (RFC 9162) tới gốc cây đã ký.
      </p>
      <div aria-live="polite">
        {check.state === 'running' ? <p className="muted">Đang kiểm chứng…</p> : null}
        {check.state === 'failed' ? <ProblemBanner error={check.error} focus={false} /> : null}
        {check.state === 'no_checkpoint' ? (
          <div className="banner banner-warn" data-testid="proof-result" data-result="pending">
            <strong>Chưa có checkpoint đã ký nào chứa mục này.</strong>
            <p>
              {check.checkpoint
                ? `Checkpoint mới nhất có ${check.checkpoint.treeSize} mục (đến mục số ${check.checkpoint.treeSize - 1}).`
                : 'Chưa có checkpoint nào được ký.'}{' '}
              Hệ thống ký checkpoint định kỳ (mỗi phút); hãy kiểm tra lại sau.
            </p>
          </div>
        ) : null}
        {check.state === 'done' ? <Report report={check.report} checkpoint={check.checkpoint} /> : null}
      </div>
      <button type="button" className="btn" onClick={props.onRetry} disabled={check.state === 'running'}>
        Kiểm chứng lại
      </button>
    </section>
  );
}

function Report({ report, checkpoint }: { report: ProofReport; checkpoint: CheckpointView }) {
  const { leaf, signature, inclusion } = report;
  return (
    <>
      <div
        className={`banner ${report.ok ? 'banner-ok' : 'banner-error'}`}
        role="status"
        data-testid="proof-result"
        data-result={report.ok ? 'pass' : 'fail'}
      >
        <strong>
          {report.ok
            ? `HỢP LỆ: mục này nằm trong nhật ký đã ký ở kích thước ${inclusion.treeSize}.`
            : 'KHÔNG HỢP LỆ: nhật ký không chứa mục này như đang hiển thị.'}
        </strong>
      </div>
      <ol className="proof-steps">
        <Step ok={leaf.ok} title="Băm lá tính lại từ nội dung khớp với nhật ký">
          tính được <code className="break">{leaf.computed}</code>
          {leaf.ok ? null : (
            <>
              {' '}
              · nhật ký ghi <code className="break">{leaf.stored}</code>
            </>
          )}
        </Step>
        <Step ok={signature.ok} title="Chữ ký Ed25519 của checkpoint hợp lệ">
          {signature.unsupported
            ? 'Trình duyệt này chưa hỗ trợ Ed25519 trong WebCrypto.'
            : signature.ok
              ? `khóa ${signature.keyId}`
              : 'không có chữ ký hợp lệ của khóa đã công bố'}{' '}
          · ký lúc {formatDateTime(checkpoint.timestamp)}
        </Step>
        <Step ok={inclusion.ok} title={`Đường chứng minh dẫn tới gốc cây đã ký (${inclusion.treeSize} mục)`}>
          gốc tính được <code className="break">{inclusion.computedRoot ?? '—'}</code> · gốc đã ký{' '}
          <code className="break">{inclusion.signedRoot}</code>
        </Step>
      </ol>
    </>
  );
}
