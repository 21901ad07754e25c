import type { Candidate, Contribution } from './types.js';

/**
 * Candidates as `cleaning_results.candidates` keeps them: one short array per candidate,
 * `[id, weight, probability, "field:level:weight …"]`, weights to 0.01 bit. A million-row
 * job stores a million of these; in this form they take about a third of the bytes of the
 * objects the API returns, and PostgreSQL parses a third of the JSON tokens. Rows stored
 * earlier as objects are read as they are.
 *
 * @example
 *   unpackCandidates(JSON.parse(packCandidates(cs))) // cs, weights rounded to 0.01
 */
type Packed = [id: string, weight: number, probability: number, contributions: string];

const SAFE = /^[^\s:]+$/;
/** Field and level names seen, and whether each survives the text form (a handful, reused). */
const safeNames = new Map<string, boolean>();
const isSafe = (name: string) => {
  let safe = safeNames.get(name);
  if (safe === undefined) {
    safe = SAFE.test(name);
    if (safeNames.size < 1_000) safeNames.set(name, safe);
  }
  return safe;
};
const round2 = (x: number) => Math.round(x * 100) / 100;

/** The JSON text to store for a row's candidates. */
export function packCandidates(candidates: readonly Candidate[]): string {
  const out: (Packed | Candidate)[] = [];
  for (const c of candidates) {
    let text = '';
    let plain = true;
    for (const k of c.contributions) {
      if (!isSafe(k.field) || !isSafe(k.level)) {
        plain = false;
        break;
      }
      text += `${text ? ' ' : ''}${k.field}:${k.level}:${round2(k.weight)}`;
    }
    // A field or level name that would not survive the text form stays an object.
    out.push(plain ? [c.id, round2(c.weight), c.probability, text] : c);
  }
  return JSON.stringify(out);
}

/** A row's candidates as stored (packed or, from older rows, objects) back as objects. */
export function unpackCandidates(stored: unknown): Candidate[] {
  if (!Array.isArray(stored)) return [];
  return stored.map((s): Candidate => {
    if (!Array.isArray(s)) return s as Candidate;
    const [id, weight, probability, text] = s as Packed;
    const contributions: Contribution[] = [];
    if (text)
      for (const part of text.split(' ')) {
        const a = part.indexOf(':');
        const b = part.lastIndexOf(':');
        contributions.push({
          field: part.slice(0, a),
          level: part.slice(a + 1, b),
          weight: Number(part.slice(b + 1)),
        });
      }
    return { id, weight, probability, contributions };
  });
}
