/**
 * JSON with object keys sorted (by UTF-16 code units), undefined members left out and no
 * whitespace: the form audit entries are hashed in. Dependency-free, so the console
 * imports it too and checks proofs in the browser with the very same serialization.
 */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    const keys = Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
