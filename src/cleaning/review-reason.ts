/**
 * Why a row has its outcome, in words a reviewer reads. Derived when the row is read, from
 * what was stored when it was matched (its candidates with their weights, probabilities
 * and per-field contributions) and the job's model thresholds: the tests `decide`
 * (model/match.ts) applies, one small named check each, asked in order.
 */
import type { Static } from 'typebox';
import type * as S from './cleaning.schemas.js';
import type { LinkModel } from './model/index.js';
import type { Candidate, PersonRecord, RowProblem } from './types.js';

/** `{ code, text }`: a stable code to switch on and a sentence with the figures. */
export type RowReason = Static<typeof S.RowReason>;

export type Thresholds = LinkModel['thresholds'];

/** What a row's reason is derived from: the stored row, its result and its candidates. */
export interface ReasonInput {
  status: string;
  /** best first, as stored */
  candidates: readonly Candidate[];
  record: PersonRecord | null;
  problems: readonly RowProblem[];
  decidedBy: string | null;
  /** `dedupe` jobs never compare rows with the register */
  mode?: 'registry' | 'dedupe';
}

const ID_FIELDS = ['pid', 'oldId', 'otherId'] as const;

const LABEL: Record<string, string> = {
  family: 'family name',
  middle: 'middle name',
  given: 'given name',
  dob: 'date of birth',
  sex: 'sex',
  pid: 'personal ID number',
  oldId: 'old ID number',
  otherId: 'other ID number',
  phone: 'phone number',
  place: 'address',
};
const label = (field: string) => LABEL[field] ?? field;

/** Levels at which a name, or a date of birth, counts as the same. */
const NAME_SAME = new Set(['exact', 'diacritics', 'variant']);
const DOB_SAME = new Set(['exact', 'partial']);

const levelOf = (c: Candidate, field: string) =>
  c.contributions.find((x) => x.field === field)?.level ?? 'missing';

/** 'a', 'a and b', 'a, b and c'. */
const list = (words: readonly string[]) =>
  words.length <= 1 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`;

const bits = (w: number) => w.toFixed(1);

/**
 * A probability with as few decimals (2 to 6) as keep it on the same side of every mark
 * (0.995 against 0.99 reads 0.995, not 1.00).
 */
export function formatProbability(p: number, marks: readonly number[] = []): string {
  for (let d = 2; d <= 6; d++) {
    const r = Number(p.toFixed(d));
    if ((r < 1 || p === 1) && (r > 0 || p === 0) && marks.every((m) => r >= m === p >= m)) return String(r);
  }
  return p < 0.5 ? '< 0.000001' : '> 0.999999';
}

interface Ctx {
  best: Candidate;
  second: Candidate | undefined;
  t: Thresholds;
  record: PersonRecord | null;
  /** the best candidate's probability, formatted against the thresholds */
  p: string;
}

type Check = (c: Ctx) => RowReason | undefined;

/** Said after a clash when the probability alone would have linked the row. */
const despite = (c: Ctx) =>
  c.best.probability >= c.t.upper
    ? `; so it is not linked automatically, although the best candidate's probability is ${c.p}`
    : '';

/** No ID number agrees and one disagrees outright: maybe a typing slip, maybe another person. */
const idDisagrees: Check = (c) => {
  const levels = ID_FIELDS.map((f) => [f, levelOf(c.best, f)] as const);
  if (levels.some(([, l]) => l === 'exact')) return undefined;
  const clashing = levels.filter(([, l]) => l === 'other').map(([f]) => label(f));
  if (clashing.length === 0) return undefined;
  const nameSame = NAME_SAME.has(levelOf(c.best, 'family')) && NAME_SAME.has(levelOf(c.best, 'given'));
  const dobLevel = levelOf(c.best, 'dob');
  const agree = [...(nameSame ? ['name'] : []), ...(DOB_SAME.has(dobLevel) ? ['date of birth'] : [])];
  const differ = [
    ...(levelOf(c.best, 'family') === 'other' || levelOf(c.best, 'given') === 'other' ? ['name'] : []),
    ...(dobLevel === 'other' ? ['date of birth'] : []),
  ];
  const verb = (w: string[], one: string, many: string) => (w.length === 1 ? one : many);
  return {
    code: 'review.id_disagrees',
    text:
      `The ${list(clashing)} ${verb(clashing, 'disagrees', 'disagree')}` +
      (agree.length ? ` while the ${list(agree)} ${verb(agree, 'agrees', 'agree')}` : '') +
      (differ.length ? `, and the ${list(differ)} ${verb(differ, 'differs', 'differ')} too` : '') +
      `${despite(c)}.`,
  };
};

/** No ID number agrees and the family name differs outright or the given name is not close. */
const nameDisagrees: Check = (c) => {
  if (ID_FIELDS.some((f) => levelOf(c.best, f) === 'exact')) return undefined;
  const family = levelOf(c.best, 'family');
  const given = levelOf(c.best, 'given');
  const clashing = [
    ...(family === 'other' ? ['family name'] : []),
    ...(given === 'other' || given === 'jw>=0.80' ? ['given name'] : []),
  ];
  if (clashing.length === 0) return undefined;
  const agree = [
    ...(NAME_SAME.has(family) ? ['family name'] : []),
    ...(NAME_SAME.has(given) ? ['given name'] : []),
    ...(DOB_SAME.has(levelOf(c.best, 'dob')) ? ['date of birth'] : []),
    ...(ID_FIELDS.some((f) => levelOf(c.best, f) === 'one-edit') ? ['ID number (but for one digit)'] : []),
  ];
  const sibling = agree.includes('family name') && agree.includes('date of birth');
  return {
    code: 'review.name_disagrees',
    text:
      `The ${list(clashing)} ${clashing.length === 1 ? 'differs' : 'differ'}` +
      (agree.length ? ` while the ${list(agree)} ${agree.length === 1 ? 'agrees' : 'agree'}` : '') +
      (sibling ? ' (a sibling or a namesake?)' : '') +
      `${despite(c)}.`,
  };
};

/** The second candidate is nearly as likely as the best. */
const closeCandidates: Check = (c) => {
  if (!c.second) return undefined;
  const gap = c.best.weight - c.second.weight;
  if (gap >= c.t.margin) return undefined;
  const marks = [c.t.lower, c.t.upper];
  return {
    code: 'review.close_candidates',
    text:
      `Two candidates are within ${bits(gap)} bits of each other (probabilities ` +
      `${formatProbability(c.best.probability, marks)} and ${formatProbability(c.second.probability, marks)}); ` +
      `a link needs the best to lead by ${c.t.margin} bits.`,
  };
};

/** The row has nothing that identifies a person on its own: only a name and (part of) a birth date. */
const noIdentifier: Check = (c) => {
  const r = c.record;
  if (!r || c.best.probability >= c.t.upper) return undefined;
  if (r.pid || r.oldIds?.length || r.otherId || r.phone) return undefined;
  const dob = !r.dob
    ? 'no date of birth'
    : r.dob.m === undefined
      ? 'the year of birth'
      : r.dob.d === undefined
        ? 'the month and year of birth'
        : 'the date of birth';
  const has = r.dob ? `only the name and ${dob}` : 'only the name, and no date of birth';
  return {
    code: 'review.no_identifier',
    text: `No identifying field (ID number, phone) in the row, ${has}: the best candidate's probability ${c.p} is between the thresholds ${c.t.lower} and ${c.t.upper}.`,
  };
};

/** The plain case: the probability is between the thresholds; name the field that weighs most against. */
const betweenThresholds: Check = (c) => {
  if (c.best.probability >= c.t.upper) return undefined;
  let worst: { field: string; level: string; weight: number } | undefined;
  for (const x of c.best.contributions)
    if (x.field !== 'prior' && x.weight < 0 && (!worst || x.weight < worst.weight)) worst = x;
  return {
    code: 'review.between_thresholds',
    text:
      `The best candidate's probability ${c.p} is between the thresholds ${c.t.lower} and ${c.t.upper}` +
      (worst
        ? `; the ${label(worst.field)} (${worst.level}) counts most against it (${bits(worst.weight)} bits)`
        : '') +
      '.',
  };
};

/** Review rows, the most telling check first. */
const REVIEW_CHECKS: readonly Check[] = [
  idDisagrees,
  nameDisagrees,
  closeCandidates,
  noIdentifier,
  betweenThresholds,
];

function reviewReason(ctx: Ctx): RowReason {
  for (const check of REVIEW_CHECKS) {
    const r = check(ctx);
    if (r) return r;
  }
  return {
    code: 'review.held',
    text: `The best candidate's probability ${ctx.p} reaches the upper threshold ${ctx.t.upper}, but the row was held for review.`,
  };
}

/**
 * Why a row has its status: for a row in review, what kept it from an automatic link
 * (an ID number or a name that disagrees, two close candidates, nothing identifying, or a
 * probability between the thresholds); for the others, what decided them.
 *
 * @example
 *   rowReason({ status: 'review', candidates, record, problems: [], decidedBy: null }, model.thresholds)
 *   // { code: 'review.close_candidates', text: 'Two candidates are within 1.3 bits of each other …' }
 */
export function rowReason(row: ReasonInput, thresholds: Thresholds): RowReason {
  if (row.decidedBy !== null)
    return {
      code: 'decided',
      text:
        row.status === 'linked'
          ? `Linked by a reviewer (${row.decidedBy}).`
          : `A reviewer (${row.decidedBy}) found that nobody in the register is this row's person.`,
    };
  if (row.status === 'rejected') {
    const why = row.problems.map((p) => p.reason).filter(Boolean);
    return {
      code: 'rejected',
      text: why.length ? `The row could not be used: ${why.join('; ')}.` : 'The row could not be used.',
    };
  }
  const [best, second] = row.candidates;
  if (!best) {
    return row.mode === 'dedupe'
      ? {
          code: 'unmatched.not_compared',
          text: 'Only duplicates within the file were looked for; the row was not compared with the register.',
        }
      : { code: 'unmatched.no_candidate', text: 'No candidate was found in the register for this row.' };
  }
  const t = thresholds;
  const ctx: Ctx = {
    best,
    second,
    t,
    record: row.record,
    p: formatProbability(best.probability, [t.lower, t.upper]),
  };
  if (row.status === 'review') return reviewReason(ctx);
  if (row.status === 'linked')
    return {
      code: 'linked.sure',
      text:
        `The best candidate's probability ${ctx.p} is at or above the upper threshold ${t.upper}` +
        (second ? `, ${bits(best.weight - second.weight)} bits ahead of the next.` : '.'),
    };
  return {
    code: 'unmatched.below_lower',
    text: `The best candidate's probability ${ctx.p} is below the lower threshold ${t.lower}.`,
  };
}
