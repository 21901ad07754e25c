/**
 * Blocking: which pairs are compared at all. Each rule makes keys from a few fields; two
 * records are candidates when any rule gives them a common key. Queries also try a date
 * of birth with day and month swapped. Keys are hashed to 32 bits and kept sorted, 8
 * bytes per record and rule.
 */
import type { PersonRecord } from '../types.js';
import type { BlockingRule, KeyPart } from './model.js';

const two = (n: number) => (n < 10 ? `0${n}` : String(n));

/**
 * The values of one key part of a record, written into `out` (returns how many); the
 * query side adds swapped day/month readings.
 */
function partValues(part: KeyPart, r: PersonRecord, query: boolean, out: string[]): number {
  let v: string | undefined;
  switch (part) {
    case 'pid':
      v = r.pid;
      break;
    case 'pidHead':
      v = r.pid && r.pid.length === 12 ? r.pid.slice(0, 6) : undefined;
      break;
    case 'pidTail':
      v = r.pid && r.pid.length === 12 ? r.pid.slice(6) : undefined;
      break;
    case 'oldId': {
      const ids = r.oldIds ?? [];
      for (let i = 0; i < ids.length; i++) out[i] = ids[i]!;
      return ids.length;
    }
    case 'otherId':
      v = r.otherId;
      break;
    case 'phone':
      v = r.phone;
      break;
    case 'dob': {
      const d = r.dob;
      if (!d?.m || !d.d) return 0;
      out[0] = `${d.y}${two(d.m)}${two(d.d)}`;
      if (query && d.d <= 12 && d.d !== d.m) {
        out[1] = `${d.y}${two(d.d)}${two(d.m)}`;
        return 2;
      }
      return 1;
    }
    case 'year':
      v = r.dob ? String(r.dob.y) : undefined;
      break;
    case 'yearMonth': {
      const d = r.dob;
      if (!d?.m) return 0;
      out[0] = `${d.y}${two(d.m)}`;
      if (query && d.d && d.d <= 12 && d.d !== d.m) {
        out[1] = `${d.y}${two(d.d)}`;
        return 2;
      }
      return 1;
    }
    case 'family':
      v = r.family;
      break;
    case 'familyClass':
      v = r.familyClass ?? r.family;
      break;
    case 'middle':
      v = r.middle;
      break;
    case 'given':
      v = r.given;
      break;
    case 'province':
      v = r.province2025 ?? (r.provincePre ? `o${r.provincePre}` : undefined);
      break;
    case 'commune':
      v = r.commune2025 ?? (r.communePre ? `o${r.communePre}` : undefined);
      break;
  }
  if (!v) return 0;
  out[0] = v;
  return 1;
}

/**
 * The blocking keys a record has under a rule: one per combination of its part values;
 * none when a part is unknown.
 *
 * @example
 *   ruleKeys({ name: 'dob+family', on: ['dob', 'familyClass'] }, record, 'reference') // ['19900312\u001fnguyen']
 */
export function ruleKeys(rule: BlockingRule, r: PersonRecord, side: 'query' | 'reference'): string[] {
  let keys = [''];
  const values: string[] = [];
  for (let p = 0; p < rule.on.length; p++) {
    const n = partValues(rule.on[p]!, r, side === 'query', values);
    if (n === 0) return [];
    const next: string[] = [];
    for (const k of keys)
      for (let i = 0; i < n; i++) next.push(p === 0 ? values[i]! : `${k}\u001f${values[i]}`);
    keys = next;
  }
  return keys;
}

const FNV_OFFSET = 0x811c9dc5;
const fnv = (h: number, s: string) => {
  let x = h;
  for (let i = 0; i < s.length; i++) x = Math.imul(x ^ s.charCodeAt(i), 0x01000193);
  return x;
};

/** FNV-1a, 32 bits. */
export function hashKey(s: string): number {
  return fnv(FNV_OFFSET, s) >>> 0;
}

const partScratch: string[][] = Array.from({ length: 8 }, () => []);
const partCount = new Int32Array(8);
const combo = new Int32Array(8);

/**
 * The hashes of `ruleKeys(rule, r, side)` (the same numbers as `hashKey` of each key),
 * without building the key strings; written into `out`, returns how many.
 */
export function ruleHashes(
  rule: BlockingRule,
  r: PersonRecord,
  side: 'query' | 'reference',
  out: number[],
): number {
  const parts = rule.on;
  const np = Math.min(parts.length, 8);
  let combos = 1;
  for (let p = 0; p < np; p++) {
    const n = partValues(parts[p]!, r, side === 'query', partScratch[p]!);
    if (n === 0) return 0;
    partCount[p] = n;
    combo[p] = 0;
    combos *= n;
  }
  for (let c = 0; c < combos; c++) {
    let h = FNV_OFFSET;
    for (let p = 0; p < np; p++) {
      if (p > 0) h = Math.imul(h ^ 0x1f, 0x01000193);
      h = fnv(h, partScratch[p]![combo[p]!]!);
    }
    out[c] = h >>> 0;
    for (let p = np - 1; p >= 0; p--) {
      if (++combo[p]! < partCount[p]!) break;
      combo[p] = 0;
    }
  }
  return combos;
}

/** Recall of blocking rules on known true pairs (query record, reference record). */
export interface BlockingRecall {
  pairs: number;
  /** share of pairs that at least one rule makes candidates */
  union: number;
  rules: { name: string; recall: number }[];
}

/**
 * How many true pairs each rule, and all rules together, would make candidates.
 *
 * @example
 *   blockingRecall(defaultModel().blocking, [[row, registerPerson], …]).union // 0.998
 */
export function blockingRecall(
  rules: BlockingRule[],
  truePairs: [PersonRecord, PersonRecord][],
): BlockingRecall {
  const found = rules.map(() => 0);
  let any = 0;
  for (const [q, r] of truePairs) {
    let hit = false;
    rules.forEach((rule, k) => {
      const ref = new Set(ruleKeys(rule, r, 'reference'));
      if (ruleKeys(rule, q, 'query').some((key) => ref.has(key))) {
        found[k]!++;
        hit = true;
      }
    });
    if (hit) any++;
  }
  const n = truePairs.length;
  const share = (x: number) => (n === 0 ? 0 : x / n);
  return {
    pairs: n,
    union: share(any),
    rules: rules.map((r, k) => ({ name: r.name, recall: share(found[k]!) })),
  };
}

/** A sealed block index as plain arrays. */
export interface BlockData {
  hashes: Uint32Array;
  rows: Uint32Array;
}

/** A copy of a typed array, in shared memory when asked (so that threads share it instead of copying). */
export function copy<T extends Uint32Array | Int32Array | Int16Array | Uint8Array>(a: T, shared: boolean): T {
  const C = a.constructor as new (b: ArrayBufferLike) => T;
  const out = shared ? new C(new SharedArrayBuffer(a.byteLength)) : new C(new ArrayBuffer(a.byteLength));
  out.set(a as never);
  return out;
}

/** The rows of one rule, sorted by key hash. */
export class BlockIndex {
  private hashes: Uint32Array = new Uint32Array(1024);
  private rows: Uint32Array = new Uint32Array(1024);
  private n = 0;
  private sorted = true;

  constructor(readonly rule: BlockingRule) {}

  /** The sorted arrays, for `fromData` in another thread (`shared`: in shared memory). */
  toData(shared = false): BlockData {
    this.seal();
    return {
      hashes: copy(this.hashes.subarray(0, this.n), shared),
      rows: copy(this.rows.subarray(0, this.n), shared),
    };
  }

  /** A sealed block index over arrays from `toData`. */
  static fromData(rule: BlockingRule, data: BlockData): BlockIndex {
    const b = new BlockIndex(rule);
    b.hashes = data.hashes;
    b.rows = data.rows;
    b.n = data.hashes.length;
    b.sorted = true;
    return b;
  }

  get entries(): number {
    return this.n;
  }

  add(hash: number, row: number): void {
    if (this.n === this.hashes.length) {
      const size = Math.max(1024, this.n * 2);
      const h = new Uint32Array(size);
      h.set(this.hashes);
      this.hashes = h;
      const r = new Uint32Array(size);
      r.set(this.rows);
      this.rows = r;
    }
    this.hashes[this.n] = hash;
    this.rows[this.n] = row;
    this.n++;
    this.sorted = false;
  }

  /** Sorts by hash (radix sort, two passes of 16 bits) and trims the arrays. */
  seal(): void {
    if (this.sorted) return;
    const n = this.n;
    let h = this.hashes.subarray(0, n);
    let r = this.rows.subarray(0, n);
    let h2: Uint32Array = new Uint32Array(n);
    let r2: Uint32Array = new Uint32Array(n);
    const count = new Uint32Array(65537);
    for (const shift of [0, 16]) {
      count.fill(0);
      for (let i = 0; i < n; i++) count[((h[i]! >>> shift) & 0xffff) + 1]!++;
      for (let b = 0; b < 65536; b++) count[b + 1]! += count[b]!;
      for (let i = 0; i < n; i++) {
        const b = (h[i]! >>> shift) & 0xffff;
        const at = count[b]!++;
        h2[at] = h[i]!;
        r2[at] = r[i]!;
      }
      [h, h2] = [h2, h];
      [r, r2] = [r2, r];
    }
    this.hashes = h.slice();
    this.rows = r.slice();
    this.sorted = true;
    if (this.n === 0) {
      this.hashes = new Uint32Array(0);
      this.rows = new Uint32Array(0);
    }
  }

  /** How many rows the last `find` found. */
  found = 0;

  /** First position of `hash`; `found` says how many rows share it (the index must be sealed). */
  find(hash: number): number {
    let lo = 0;
    let hi = this.n;
    const hs = this.hashes;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (hs[mid]! < hash) lo = mid + 1;
      else hi = mid;
    }
    const start = lo;
    hi = this.n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (hs[mid]! <= hash) lo = mid + 1;
      else hi = mid;
    }
    this.found = lo - start;
    return start;
  }

  rowAt(pos: number): number {
    return this.rows[pos]!;
  }

  /** Bytes held. */
  get bytes(): number {
    return this.hashes.byteLength + this.rows.byteLength;
  }
}
