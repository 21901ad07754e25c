/**
 * Encoding of values for PostgreSQL's COPY text format, shared by both drivers.
 * Arrays become array literals, plain objects JSON, Dates ISO strings; null and
 * undefined become \N.
 */
export function copyValue(v: unknown): string {
  if (v === null || v === undefined) return '\\N';
  if (typeof v === 'string') return escapeCopy(v);
  if (typeof v === 'number' || typeof v === 'bigint') return String(v);
  if (typeof v === 'boolean') return v ? 't' : 'f';
  if (v instanceof Date) return v.toISOString();
  if (Array.isArray(v)) return escapeCopy(arrayLiteral(v));
  return escapeCopy(JSON.stringify(v));
}

function arrayLiteral(items: unknown[]): string {
  const parts = items.map((x) => {
    if (x === null || x === undefined) return 'NULL';
    const s = String(x);
    return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
  });
  return `{${parts.join(',')}}`;
}

function escapeCopy(s: string): string {
  // Fast path: most values need no escaping.
  if (!/[\\\t\n\r]/.test(s)) return s;
  return s.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
}

/** One COPY text line (with the trailing newline) for a row. */
export const copyLine = (row: readonly unknown[]): string => `${row.map(copyValue).join('\t')}\n`;
