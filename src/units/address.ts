import { type Hit, isKindSpan, STRONG_UNIT_WORDS, spansEndingAt, UNIT_WORDS } from './address.spans.js';
import { type Word, words } from './fold.js';
import type { Unit, UnitEntry, UnitIndex } from './units.cache.js';
import type { UnitEra } from './units.repo.js';

/** One reading of a free-text address. */
export interface AddressMatch {
  provinceCode: string;
  communeCode?: string;
  /** pre2025 readings only */
  districtCode?: string;
  era: UnitEra;
  /** 0..1 */
  confidence: number;
  /** the part before the units, e.g. "Số 5 ngõ 12" */
  rest: string;
  /** the most specific unit found */
  unit: Unit;
}

interface Reading {
  era: UnitEra;
  province?: UnitEntry;
  district?: UnitEntry;
  commune?: UnitEntry;
  start: number;
  factor: number;
}

const ofEra = (hits: Hit[], era: UnitEra) => hits.filter((h) => h.entry.unit.era === era);

/**
 * A commune written with its kind word, then one to three words that are not a unit
 * ("xa ea kao tp bmt dak lak"), then its province.
 */
function gapped(w: Word[], p: Hit, era: UnitEra, scope: string, idx: UnitIndex): Reading[] {
  const out: Reading[] = [];
  for (let gap = 1; gap <= 3 && p.start - gap > 0; gap++) {
    for (const c of spansEndingAt(w, p.start - gap, 'commune', [scope], idx)) {
      if (!isKindSpan(w, c.start, 'commune')) continue;
      out.push({
        era,
        province: p.entry,
        commune: c.entry,
        start: c.start,
        factor: p.factor * c.factor * 0.7,
      });
    }
  }
  return out;
}

function readingsFor(w: Word[], end: number, idx: UnitIndex): Reading[] {
  const out: Reading[] = [];
  const provinces = spansEndingAt(w, end, 'province', ['P'], idx);
  for (const p of ofEra(provinces, 'pre2025')) {
    const prov = p.entry.unit.code;
    out.push({ era: 'pre2025', province: p.entry, start: p.start, factor: p.factor * 0.8 });
    for (const d of spansEndingAt(w, p.start, 'district', [`D:${prov}`], idx)) {
      const f = p.factor * d.factor;
      out.push({ era: 'pre2025', province: p.entry, district: d.entry, start: d.start, factor: f * 0.9 });
      for (const c of spansEndingAt(w, d.start, 'commune', [`C:pre2025:${d.entry.unit.code}`], idx)) {
        out.push({
          era: 'pre2025',
          ...{ province: p.entry, district: d.entry, commune: c.entry },
          start: c.start,
          factor: f * c.factor,
        });
      }
    }
    out.push(...gapped(w, p, 'pre2025', `CP:pre2025:${prov}`, idx));
    for (const c of spansEndingAt(w, p.start, 'commune', [`CP:pre2025:${prov}`], idx)) {
      out.push({
        era: 'pre2025',
        province: p.entry,
        commune: c.entry,
        start: c.start,
        factor: p.factor * c.factor * 0.9,
      });
    }
  }
  for (const p of ofEra(provinces, '2025')) {
    const prov = p.entry.unit.code;
    out.push({ era: '2025', province: p.entry, start: p.start, factor: p.factor * 0.8 });
    out.push(...gapped(w, p, '2025', `C:2025:${prov}`, idx));
    for (const c of spansEndingAt(w, p.start, 'commune', [`C:2025:${prov}`], idx)) {
      out.push({
        era: '2025',
        province: p.entry,
        commune: c.entry,
        start: c.start,
        factor: p.factor * c.factor,
      });
    }
    // "Phường X, Quận Y, TP Z" written with a new ward and an old district: skip the district.
    const oldProvinces = (idx.predecessors.get(prov) ?? []).filter((c) => c.length === 2);
    for (const d of spansEndingAt(
      w,
      p.start,
      'district',
      oldProvinces.map((o) => `D:${o}`),
      idx,
    )) {
      for (const c of spansEndingAt(w, d.start, 'commune', [`C:2025:${prov}`], idx)) {
        const factor = p.factor * d.factor * c.factor * 0.9;
        out.push({ era: '2025', province: p.entry, commune: c.entry, start: c.start, factor });
      }
    }
  }
  // No province named (or a unit after it): a district or commune with its kind word, anywhere.
  for (const d of spansEndingAt(w, end, 'district', ['N:pre2025:district'], idx).slice(0, 5)) {
    if (d.start === end - 1 || !isKindSpan(w, d.start, 'district')) continue;
    const prov = { entry: idx.byCode.get(`pre2025:${d.entry.unit.provinceCode}`)! };
    out.push({
      era: 'pre2025',
      province: prov.entry,
      district: d.entry,
      start: d.start,
      factor: d.factor * 0.6,
    });
    for (const c of spansEndingAt(w, d.start, 'commune', [`C:pre2025:${d.entry.unit.code}`], idx)) {
      out.push({
        era: 'pre2025',
        province: prov.entry,
        district: d.entry,
        commune: c.entry,
        start: c.start,
        factor: d.factor * c.factor * 0.7,
      });
    }
  }
  for (const era of ['2025', 'pre2025'] as const) {
    const hits = spansEndingAt(w, end, 'commune', [`N:${era}:commune`], idx).filter((h) =>
      isKindSpan(w, h.start, 'commune'),
    );
    const share = hits.length > 1 ? 1 / hits.length : 1;
    for (const c of hits.slice(0, 5)) {
      const province = idx.byCode.get(`${era}:${c.entry.unit.provinceCode}`)!;
      const district =
        c.entry.unit.parentCode && era === 'pre2025'
          ? idx.byCode.get(`pre2025:${c.entry.unit.parentCode}`)
          : undefined;
      out.push({
        era,
        province,
        ...(district ? { district } : {}),
        commune: c.entry,
        start: c.start,
        factor: c.factor * 0.6 * share,
      });
    }
  }
  return out.filter((r) => r.province);
}

function restOf(text: string, w: Word[], start: number) {
  if (start === 0) return { rest: '', suspicious: false };
  const rest = text
    .normalize('NFC')
    .slice(0, w[start]!.start)
    .replace(/[\s,;.:\-–—/|(]+$/u, '')
    .trim();
  const suspicious =
    UNIT_WORDS.has(w[start - 1]!.fold) ||
    w
      .slice(0, start - 1)
      .some((x) => STRONG_UNIT_WORDS.has(x.fold) || (x.afterBreak && UNIT_WORDS.has(x.fold)));
  return { rest, suspicious };
}

/**
 * Reads a free-text Vietnamese address right to left (province, then district, then
 * commune) in both eras and returns the readings best first. Never throws.
 *
 * @example
 *   parseWith(index, 'P. Bến Nghé, Q.1, TP.HCM')[0] // { era: 'pre2025', communeCode: '26740', districtCode: '760', provinceCode: '79', … }
 */
export function parseWith(idx: UnitIndex, text: string, limit = 10): AddressMatch[] {
  const w = words(text.slice(0, 1000));
  let end = w.length;
  for (let again = true; again && end > 1; ) {
    const last = w[end - 1]!.fold;
    if (last === 'nam' && w[end - 2]!.fold === 'viet' && end > 2) end -= 2;
    else if (last === 'vietnam' || last === 'vn' || /^[0-9]{5,6}$/.test(last)) end--;
    else again = false;
  }
  if (end === 0) return [];
  const best = new Map<string, AddressMatch>();
  for (const r of readingsFor(w, end, idx)) {
    const unit = (r.commune ?? r.district ?? r.province)!.unit;
    // An old commune names its district even when the text left it out.
    const district = r.district?.unit.code ?? (r.era === 'pre2025' ? r.commune?.unit.parentCode : undefined);
    const { rest, suspicious } = restOf(text, w, r.start);
    const confidence = Math.max(0, Math.min(1, r.factor * (suspicious ? 0.6 : 1)));
    const m: AddressMatch = {
      provinceCode: r.province!.unit.code,
      ...(r.commune ? { communeCode: r.commune.unit.code } : {}),
      ...(district ? { districtCode: district } : {}),
      era: r.era,
      confidence: Math.round(confidence * 1000) / 1000,
      rest,
      unit: { ...unit },
    };
    const k = `${r.era}:${unit.code}`;
    const prev = best.get(k);
    if (
      !prev ||
      prev.confidence < m.confidence ||
      (prev.confidence === m.confidence && prev.rest.length > rest.length)
    )
      best.set(k, m);
  }
  const depth = (m: AddressMatch) => (m.communeCode ? 2 : m.districtCode ? 1 : 0);
  return [...best.values()]
    .sort(
      (a, b) =>
        b.confidence - a.confidence ||
        depth(b) - depth(a) ||
        (a.era === b.era ? 0 : a.era === '2025' ? -1 : 1) ||
        a.unit.code.localeCompare(b.unit.code),
    )
    .slice(0, limit);
}
