/**
 * Reference records in columns: names and unit codes as integer ids into shared
 * vocabularies, dates and sex in typed arrays, identifiers as strings. About 150 bytes a
 * person plus the shared strings, and comparisons read integers.
 */
import type { PersonRecord } from '../types.js';
import { copy } from './blocking.js';

/** Interned strings: one id per distinct value. */
export class Vocab {
  private readonly ids = new Map<string, number>();
  readonly values: string[] = [];

  /** The id of `s`, added when new. */
  intern(s: string): number {
    let id = this.ids.get(s);
    if (id === undefined) {
      id = this.values.length;
      this.values.push(s);
      this.ids.set(s, id);
    }
    return id;
  }

  /** The id of `s`, or UNSEEN when the vocabulary does not hold it. */
  find(s: string): number {
    return this.ids.get(s) ?? UNSEEN;
  }
}

/** Id of an absent value. */
export const MISSING = -1;
/** Id of a value a query has that no reference record has. */
export const UNSEEN = -2;

/** A record ready to be compared: ids into the store's vocabularies, strings kept for similarity. */
export interface Prepared {
  fam: number;
  famX: number;
  cls: number;
  mid: number;
  midX: number;
  giv: number;
  givX: number;
  famS: string;
  midS: string;
  givS: string;
  y: number;
  m: number;
  d: number;
  /** 0 unknown, 1 male, 2 female */
  sex: number;
  pid: string | undefined;
  oldIds: string[] | undefined;
  otherId: string | undefined;
  phone: string | undefined;
  c25: number;
  cPre: number;
  p25: number;
  pPre: number;
}

const grow = <T extends Int32Array | Int16Array | Uint8Array | Uint32Array>(a: T, n: number): T => {
  if (n <= a.length) return a;
  const b = new (a.constructor as new (n: number) => T)(Math.max(n, a.length * 2));
  b.set(a);
  return b;
};

const INT_COLUMNS = [
  'fam',
  'famX',
  'cls',
  'mid',
  'midX',
  'giv',
  'givX',
  'c25',
  'cPre',
  'p25',
  'pPre',
] as const;

/** A store as plain data (typed arrays and string arrays), for another thread. */
export interface StoreData {
  size: number;
  /**
   * The string columns as JSON texts: the vocabularies (`Vocabularies`), then one
   * `StringColumns` per slice of `STRING_SLICE` rows. Posted to a thread, a few long
   * strings are copied at once, where arrays of a million strings took seconds to clone;
   * sliced, because one text for every row would pass V8's longest string (about 2^29
   * characters) at some 12 million records.
   */
  strings: string[];
  ints: Record<(typeof INT_COLUMNS)[number], Int32Array>;
  y: Int16Array;
  m: Uint8Array;
  d: Uint8Array;
  sex: Uint8Array;
  famCount: Uint32Array;
  midCount: Uint32Array;
  givCount: Uint32Array;
}

/** Rows per JSON text of string columns: about 20 MB of text each. */
const STRING_SLICE = 500_000;

interface Vocabularies {
  names: string[];
  units: string[];
}

/** The string columns of a slice of `StoreData`'s rows, before they are packed into a text. */
interface StringColumns {
  ids: string[];
  /** null: none; 0: the same as the id (the register) */
  pid: (string | 0 | null)[];
  oldIds: (string[] | null)[];
  otherId: (string | null)[];
  phone: (string | null)[];
}

/** Columns of reference records. */
export class RecordStore {
  readonly names = new Vocab();
  readonly units = new Vocab();
  size = 0;
  ids: string[] = [];
  pid: (string | undefined)[] = [];
  oldIds: (string[] | undefined)[] = [];
  otherId: (string | undefined)[] = [];
  phone: (string | undefined)[] = [];
  fam: Int32Array = new Int32Array(1024);
  famX: Int32Array = new Int32Array(1024);
  cls: Int32Array = new Int32Array(1024);
  mid: Int32Array = new Int32Array(1024);
  midX: Int32Array = new Int32Array(1024);
  giv: Int32Array = new Int32Array(1024);
  givX: Int32Array = new Int32Array(1024);
  c25: Int32Array = new Int32Array(1024);
  cPre: Int32Array = new Int32Array(1024);
  p25: Int32Array = new Int32Array(1024);
  pPre: Int32Array = new Int32Array(1024);
  y: Int16Array = new Int16Array(1024);
  m: Uint8Array = new Uint8Array(1024);
  d: Uint8Array = new Uint8Array(1024);
  sex: Uint8Array = new Uint8Array(1024);
  /** how many reference records carry each name id, by part (for term frequencies) */
  famCount: Uint32Array = new Uint32Array(256);
  midCount: Uint32Array = new Uint32Array(256);
  givCount: Uint32Array = new Uint32Array(256);

  private tfCache: { size: number; min: number; bits: Float64Array[] } | undefined;

  /**
   * log2 of the term frequency of each name id in part `k` (0 family, 1 middle, 2 given),
   * at least `min`; computed once per store size.
   */
  tfBits(k: number, min: number): Float64Array {
    const c = this.tfCache;
    if (c && c.size === this.size && c.min === min && c.bits[k]!.length >= this.names.values.length)
      return c.bits[k]!;
    const n = Math.max(1, this.size);
    const v = this.names.values.length;
    const bits = [this.famCount, this.midCount, this.givCount].map((counts) => {
      const out = new Float64Array(v);
      for (let id = 0; id < v; id++) out[id] = Math.log2(Math.max((counts[id] ?? 0) / n, min));
      return out;
    });
    this.tfCache = { size: this.size, min, bits };
    return bits[k]!;
  }

  /** A query record against this store's vocabularies (nothing is added to them). */
  prepare(r: PersonRecord): Prepared {
    return this.toPrepared(r, false);
  }

  private name(v: string | undefined, intern: boolean): number {
    if (!v) return MISSING;
    return intern ? this.names.intern(v) : this.names.find(v);
  }

  private unit(v: string | undefined, intern: boolean): number {
    if (!v) return MISSING;
    return intern ? this.units.intern(v) : this.units.find(v);
  }

  private toPrepared(r: PersonRecord, intern: boolean): Prepared {
    const dob = r.dob;
    return {
      fam: this.name(r.family, intern),
      famX: this.name(r.familyExact, intern),
      cls: this.name(r.familyClass ?? r.family, intern),
      mid: this.name(r.middle, intern),
      midX: this.name(r.middleExact, intern),
      giv: this.name(r.given, intern),
      givX: this.name(r.givenExact, intern),
      famS: r.family ?? '',
      midS: r.middle ?? '',
      givS: r.given ?? '',
      y: dob?.y ?? 0,
      m: dob?.m ?? 0,
      d: dob?.m ? (dob.d ?? 0) : 0,
      sex: r.sex === 'male' ? 1 : r.sex === 'female' ? 2 : 0,
      pid: r.pid || undefined,
      oldIds: r.oldIds && r.oldIds.length > 0 ? r.oldIds : undefined,
      otherId: r.otherId || undefined,
      phone: r.phone || undefined,
      c25: this.unit(r.commune2025, intern),
      cPre: this.unit(r.communePre, intern),
      p25: this.unit(r.province2025, intern),
      pPre: this.unit(r.provincePre, intern),
    };
  }

  /** Appends one record; returns its row. */
  add(r: PersonRecord): number {
    const i = this.size;
    const need = i + 1;
    if (need > this.fam.length) {
      for (const k of [
        'fam',
        'famX',
        'cls',
        'mid',
        'midX',
        'giv',
        'givX',
        'c25',
        'cPre',
        'p25',
        'pPre',
      ] as const)
        this[k] = grow(this[k], need);
      this.y = grow(this.y, need);
      this.m = grow(this.m, need);
      this.d = grow(this.d, need);
      this.sex = grow(this.sex, need);
    }
    const p = this.toPrepared(r, true);
    this.ids.push(r.id);
    this.pid.push(p.pid === r.id ? r.id : p.pid);
    this.oldIds.push(p.oldIds);
    this.otherId.push(p.otherId);
    this.phone.push(p.phone);
    this.fam[i] = p.fam;
    this.famX[i] = p.famX;
    this.cls[i] = p.cls;
    this.mid[i] = p.mid;
    this.midX[i] = p.midX;
    this.giv[i] = p.giv;
    this.givX[i] = p.givX;
    this.c25[i] = p.c25;
    this.cPre[i] = p.cPre;
    this.p25[i] = p.p25;
    this.pPre[i] = p.pPre;
    this.y[i] = p.y;
    this.m[i] = p.m;
    this.d[i] = p.d;
    this.sex[i] = p.sex;
    const v = this.names.values.length;
    if (v > this.famCount.length) {
      this.famCount = grow(this.famCount, v);
      this.midCount = grow(this.midCount, v);
      this.givCount = grow(this.givCount, v);
    }
    if (p.fam >= 0) this.famCount[p.fam]!++;
    if (p.mid >= 0) this.midCount[p.mid]!++;
    if (p.giv >= 0) this.givCount[p.giv]!++;
    this.size = need;
    return i;
  }

  /**
   * The columns as plain data, trimmed (`shared`: typed arrays in shared memory; `slice`:
   * rows per JSON text of string columns).
   */
  toData(shared = false, slice = STRING_SLICE): StoreData {
    const n = this.size;
    const ints = {} as StoreData['ints'];
    for (const k of INT_COLUMNS) ints[k] = copy(this[k].subarray(0, n), shared);
    const v = this.names.values.length;
    const vocabularies: Vocabularies = { names: this.names.values, units: this.units.values };
    const strings = [JSON.stringify(vocabularies)];
    for (let a = 0; a < n; a += slice) {
      const b = Math.min(n, a + slice);
      const columns: StringColumns = {
        ids: this.ids.slice(a, b),
        pid: this.pid.slice(a, b).map((p, i) => (p === undefined ? null : p === this.ids[a + i] ? 0 : p)),
        oldIds: this.oldIds.slice(a, b).map((o) => o ?? null),
        otherId: this.otherId.slice(a, b).map((o) => o ?? null),
        phone: this.phone.slice(a, b).map((o) => o ?? null),
      };
      strings.push(JSON.stringify(columns));
    }
    return {
      size: n,
      strings,
      ints,
      y: copy(this.y.subarray(0, n), shared),
      m: copy(this.m.subarray(0, n), shared),
      d: copy(this.d.subarray(0, n), shared),
      sex: copy(this.sex.subarray(0, n), shared),
      famCount: copy(this.famCount.subarray(0, v), shared),
      midCount: copy(this.midCount.subarray(0, v), shared),
      givCount: copy(this.givCount.subarray(0, v), shared),
    };
  }

  /** A store over data from `toData` (typed arrays used as they are, not copied). */
  static fromData(data: StoreData): RecordStore {
    const s = new RecordStore();
    const [head = '{"names":[],"units":[]}', ...slices] = data.strings;
    const vocabularies = JSON.parse(head) as Vocabularies;
    for (const v of vocabularies.names) s.names.intern(v);
    for (const v of vocabularies.units) s.units.intern(v);
    s.size = data.size;
    for (const text of slices) {
      const c = JSON.parse(text) as StringColumns;
      c.ids.forEach((id, i) => {
        const p = c.pid[i];
        s.ids.push(id);
        s.pid.push(p === 0 ? id : (p ?? undefined));
        s.oldIds.push(c.oldIds[i] ?? undefined);
        s.otherId.push(c.otherId[i] ?? undefined);
        s.phone.push(c.phone[i] ?? undefined);
      });
    }
    for (const k of INT_COLUMNS) s[k] = data.ints[k];
    s.y = data.y;
    s.m = data.m;
    s.d = data.d;
    s.sex = data.sex;
    s.famCount = data.famCount;
    s.midCount = data.midCount;
    s.givCount = data.givCount;
    return s;
  }

  /** The prepared form of row `i` (to use a reference record as a query, when deduplicating). */
  preparedAt(i: number): Prepared {
    // No closures in here or in recordAt: tsx gives every function made at run time a name
    // (a defineProperty call each), which showed in the profile of a million queries.
    const names = this.names.values;
    const fam = this.fam[i]!;
    const mid = this.mid[i]!;
    const giv = this.giv[i]!;
    return {
      fam,
      famX: this.famX[i]!,
      cls: this.cls[i]!,
      mid,
      midX: this.midX[i]!,
      giv,
      givX: this.givX[i]!,
      famS: fam >= 0 ? names[fam]! : '',
      midS: mid >= 0 ? names[mid]! : '',
      givS: giv >= 0 ? names[giv]! : '',
      y: this.y[i]!,
      m: this.m[i]!,
      d: this.d[i]!,
      sex: this.sex[i]!,
      pid: this.pid[i],
      oldIds: this.oldIds[i],
      otherId: this.otherId[i],
      phone: this.phone[i],
      c25: this.c25[i]!,
      cPre: this.cPre[i]!,
      p25: this.p25[i]!,
      pPre: this.pPre[i]!,
    };
  }

  /** Row `i` as a PersonRecord again (for explanations and disagreements). */
  recordAt(i: number): PersonRecord {
    const names = this.names.values;
    const units = this.units.values;
    const r: PersonRecord = { id: this.ids[i]! };
    setIf(r, 'family', valueAt(names, this.fam[i]!));
    setIf(r, 'familyExact', valueAt(names, this.famX[i]!));
    setIf(r, 'familyClass', valueAt(names, this.cls[i]!));
    setIf(r, 'middle', valueAt(names, this.mid[i]!));
    setIf(r, 'middleExact', valueAt(names, this.midX[i]!));
    setIf(r, 'given', valueAt(names, this.giv[i]!));
    setIf(r, 'givenExact', valueAt(names, this.givX[i]!));
    const full = [r.family, r.middle, r.given].filter(Boolean).join(' ');
    if (full) r.full = full;
    const y = this.y[i]!;
    if (y) {
      r.dob = { y };
      if (this.m[i]) r.dob.m = this.m[i]!;
      if (this.d[i]) r.dob.d = this.d[i]!;
    }
    const sex = this.sex[i];
    if (sex) r.sex = sex === 1 ? 'male' : 'female';
    setIf(r, 'pid', this.pid[i]);
    setIf(r, 'oldIds', this.oldIds[i]);
    setIf(r, 'otherId', this.otherId[i]);
    setIf(r, 'phone', this.phone[i]);
    setIf(r, 'commune2025', valueAt(units, this.c25[i]!));
    setIf(r, 'communePre', valueAt(units, this.cPre[i]!));
    setIf(r, 'province2025', valueAt(units, this.p25[i]!));
    setIf(r, 'provincePre', valueAt(units, this.pPre[i]!));
    return r;
  }
}

const valueAt = (values: readonly string[], id: number) => (id >= 0 ? values[id] : undefined);

function setIf<K extends keyof PersonRecord>(r: PersonRecord, k: K, v: PersonRecord[K] | undefined) {
  if (v !== undefined) r[k] = v;
}
