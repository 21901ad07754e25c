import { hash } from 'node:crypto';

/**
 * The digest a chunk's audit entry keeps of which rows it linked to which persons: SHA-256
 * (hex) of `line:pid` lines, one per linked row of those persons, ordered by line. The
 * mapping itself stays in `cleaning_results`; the digest, sealed in the tamper-evident log,
 * shows whether it was changed afterwards (recompute it from the results and compare).
 *
 * @example
 *   linkDigest([{ line: 2, pid: '001090001234' }]) // '9c4f…'
 */
export function linkDigest(rows: readonly { line: number; pid: string }[]): string {
  const text = [...rows]
    .sort((a, b) => a.line - b.line)
    .map((r) => `${r.line}:${r.pid}\n`)
    .join('');
  return hash('sha256', text, 'hex');
}
