import type { Db } from '../db/index.js';
import { nameKeys, toneKey } from './fold.js';
import type { UnitEra, UnitLevel } from './units.repo.js';
import * as repo from './units.repo.js';

/** An administrative unit as other modules see it. */
export interface Unit {
  code: string;
  era: UnitEra;
  name: string;
  fullName: string;
  level: UnitLevel;
  provinceCode: string;
  parentCode?: string;
}

/** A unit with what the parser needs besides. */
export interface UnitEntry {
  unit: Unit;
  kind: string;
  search: string;
  /** diacritic-exact key of the name (see toneKey), computed on first use */
  tone?: string;
}

/** The diacritic-exact key of a unit's name. */
export const toneOf = (e: UnitEntry) => {
  e.tone ??= toneKey(e.unit.name);
  return e.tone;
};

/**
 * Everything hot, in memory: units by code, children, successors, and the name index the
 * address parser walks. Name keys are `<scope>|<folded name>` with scopes
 *   `P` provinces of both eras (names and common aliases),
 *   `D:<prov>` pre2025 districts of a province,
 *   `C:<era>:<parent>` communes under a district (pre2025) or province (2025),
 *   `CP:pre2025:<prov>` pre2025 communes of a province, `N:<era>:<level>` nationwide.
 */
export interface UnitIndex {
  byCode: Map<string, UnitEntry>;
  children: Map<string, UnitEntry[]>;
  successors: Map<string, string[]>;
  predecessors: Map<string, string[]>;
  names: Map<string, UnitEntry[]>;
  size: number;
}

const PROVINCE_ALIASES: Record<string, string[]> = {
  '01': ['hn', 'hanoi'],
  '31': ['hp', 'haiphong'],
  '46': ['thua thien hue', 'tthue'],
  '48': ['danang'],
  '79': ['hcm', 'tphcm', 'hcmc', 'ho chi minh city', 'sai gon', 'saigon', 'sg', 'hochiminh'],
  '77': ['brvt'],
  '66': ['daklak', 'dac lac', 'daclac'],
  '67': ['daknong', 'dac nong'],
  '92': ['cantho'],
};

const key = (era: UnitEra, code: string) => `${era}:${code}`;

function push<T>(map: Map<string, T[]>, k: string, v: T) {
  const list = map.get(k);
  if (list) {
    if (!list.includes(v)) list.push(v);
  } else map.set(k, [v]);
}

/** Builds the index from rows (exported for tests and the import summary). */
export function buildIndex(rows: repo.UnitRow[], successors: { old_code: string; new_code: string }[]) {
  const idx: UnitIndex = {
    byCode: new Map(),
    children: new Map(),
    successors: new Map(),
    predecessors: new Map(),
    names: new Map(),
    size: rows.length,
  };
  for (const r of rows) {
    const unit: Unit = {
      code: r.code,
      era: r.era,
      name: r.name,
      fullName: r.full_name,
      level: r.level,
      provinceCode: r.province_code,
      ...(r.parent_code ? { parentCode: r.parent_code } : {}),
    };
    const e: UnitEntry = { unit, kind: r.kind, search: r.search_name };
    idx.byCode.set(key(r.era, r.code), e);
    if (r.parent_code) push(idx.children, key(r.era, r.parent_code), e);
    const scopes: string[] = [`N:${r.era}:${r.level}`];
    if (r.level === 'province') scopes.push('P');
    else if (r.level === 'district') scopes.push(`D:${r.province_code}`);
    else {
      scopes.push(`C:${r.era}:${r.parent_code}`);
      if (r.era === 'pre2025') scopes.push(`CP:pre2025:${r.province_code}`);
    }
    const keys = nameKeys(r.name, r.search_name);
    if (r.level === 'province') keys.push(...(PROVINCE_ALIASES[r.code] ?? []));
    for (const s of scopes) for (const k of keys) push(idx.names, `${s}|${k}`, e);
  }
  for (const list of idx.children.values()) list.sort((a, b) => a.unit.code.localeCompare(b.unit.code));
  for (const s of successors) {
    push(idx.successors, s.old_code, s.new_code);
    push(idx.predecessors, s.new_code, s.old_code);
  }
  return idx;
}

/** Looks a unit up by era and code. */
export const entryOf = (idx: UnitIndex, era: UnitEra, code: string) => idx.byCode.get(key(era, code));

/** Direct children of a unit. */
export const childrenOf = (idx: UnitIndex, era: UnitEra, code: string) =>
  idx.children.get(key(era, code)) ?? [];

/** Units whose folded name is `folded` in a scope (see UnitIndex). */
export const named = (idx: UnitIndex, scope: string, folded: string) =>
  idx.names.get(`${scope}|${folded}`) ?? [];

interface CacheSlot {
  index: Promise<UnitIndex>;
  stamp: Promise<string>;
  checkedAt: number;
}

/** How long a process trusts its copy before asking the database whether lists changed. */
const RECHECK_MS = 5_000;
const cache = new WeakMap<Db, CacheSlot>();

async function load(db: Db) {
  const [rows, succ] = await Promise.all([repo.allUnits(db), repo.allSuccessors(db)]);
  return buildIndex(rows, succ);
}

/**
 * The in-memory index for a database, loaded once per process and reloaded when another
 * process (or this one) imported a list. Inside a transaction the index is built fresh
 * (callers in transactions should prefer the single-row lookups of the service).
 */
export async function unitIndex(db: Db): Promise<UnitIndex> {
  if (db.isTransaction) return load(db);
  const now = Date.now();
  let slot = cache.get(db);
  if (!slot) {
    slot = { stamp: repo.dataStamp(db), index: load(db), checkedAt: now };
    cache.set(db, slot);
    slot.index.catch(() => cache.delete(db));
    return slot.index;
  }
  if (now - slot.checkedAt > RECHECK_MS) {
    slot.checkedAt = now;
    const [before, current] = await Promise.all([slot.stamp, repo.dataStamp(db)]);
    if (before !== current) {
      const fresh: CacheSlot = { stamp: Promise.resolve(current), index: load(db), checkedAt: now };
      cache.set(db, fresh);
      return fresh.index;
    }
  }
  return slot.index;
}

/** Drops the cached index of `db` (after an import). */
export const invalidateUnitIndex = (db: Db) => {
  cache.delete(db);
};
