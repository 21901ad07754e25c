import { describe, expect, it } from 'vitest';
import { decide, defaultModel } from './model/index.js';
import { formatProbability, type ReasonInput, rowReason } from './review-reason.js';
import type { Candidate, PersonRecord } from './types.js';

const model = defaultModel();
const t = model.thresholds; // upper 0.99, lower 0.5, margin 5

/** A candidate whose weight is the prior plus its fields' weights, as matchRecord builds them. */
function candidate(
  id: string,
  fields: Record<string, [level: string, weight: number]>,
  prior = -10,
): Candidate {
  const contributions = [
    { field: 'prior', level: 'prior', weight: prior },
    ...Object.entries(fields).map(([field, [level, weight]]) => ({ field, level, weight })),
  ];
  const weight = contributions.reduce((s, c) => s + c.weight, 0);
  return { id, weight, probability: 1 / (1 + 2 ** -weight), contributions };
}

const withId: PersonRecord = {
  id: '2',
  full: 'nguyen van an',
  pid: '001090001234',
  dob: { y: 1990, m: 3, d: 12 },
};

/** The reason of a row in review; the candidates must be ones `decide` sends to review. */
function reviewed(candidates: Candidate[], record: PersonRecord | null = withId) {
  expect(decide(model, candidates).status).toBe('review');
  const row: ReasonInput = { status: 'review', candidates, record, problems: [], decidedBy: null };
  return rowReason(row, t);
}

const agreeing = {
  family: ['exact', 4] as [string, number],
  middle: ['exact', 3] as [string, number],
  given: ['exact', 6] as [string, number],
  dob: ['exact', 9] as [string, number],
  sex: ['same', 1] as [string, number],
};

describe('why a row is in review', () => {
  it('says the ID number disagrees while name and date of birth agree', () => {
    const r = reviewed([candidate('001090009999', { ...agreeing, pid: ['other', -4] })]);
    expect(r.code).toBe('review.id_disagrees');
    expect(r.text).toBe(
      "The personal ID number disagrees while the name and date of birth agree; so it is not linked automatically, although the best candidate's probability is 0.998.",
    );
  });

  it('says which name differs when the family and birth date agree (a sibling?)', () => {
    const r = reviewed([
      candidate('001090005555', { ...agreeing, given: ['other', -3], pid: ['one-edit', 6] }),
    ]);
    expect(r.code).toBe('review.name_disagrees');
    expect(r.text).toContain(
      'The given name differs while the family name, date of birth and ID number (but for one digit) agree',
    );
    expect(r.text).toContain('sibling or a namesake');
  });

  it('says two candidates are within so many bits of each other', () => {
    const a = candidate('001090000001', { ...agreeing, place: ['commune', 3] });
    const b = candidate('001090000002', { ...agreeing, place: ['province', 1] });
    const { pid: _pid, ...noId } = withId;
    const r = reviewed([a, b], noId);
    expect(r).toEqual({
      code: 'review.close_candidates',
      text: `Two candidates are within 2.0 bits of each other (probabilities ${formatProbability(a.probability, [0.5, 0.99])} and ${formatProbability(b.probability, [0.5, 0.99])}); a link needs the best to lead by 5 bits.`,
    });
  });

  it('says there is no identifying field, only the name and birth year', () => {
    const record: PersonRecord = { id: '7', full: 'nguyen van an', dob: { y: 1990 } };
    const r = reviewed(
      [
        candidate('001090000003', {
          family: ['exact', 4],
          given: ['exact', 6],
          dob: ['partial', 3],
          pid: ['missing', 0],
        }),
      ],
      record,
    );
    expect(r.code).toBe('review.no_identifier');
    expect(r.text).toMatch(
      /^No identifying field \(ID number, phone\) in the row, only the name and the year of birth: the best candidate's probability 0\.\d+ is between the thresholds 0\.5 and 0\.99\.$/,
    );
  });

  it('gives the probability between the thresholds and the field that weighs most against it', () => {
    const c = candidate(
      '001090000004',
      {
        family: ['exact', 4],
        given: ['jw>=0.92', 2],
        dob: ['year±1', -3.2],
        sex: ['same', 1],
        pid: ['one-edit', 6],
        phone: ['other', -1],
      },
      -6.5,
    );
    expect(c.probability).toBeCloseTo(0.83, 2);
    const r = reviewed([c]);
    expect(r).toEqual({
      code: 'review.between_thresholds',
      text: "The best candidate's probability 0.83 is between the thresholds 0.5 and 0.99; the date of birth (year±1) counts most against it (-3.2 bits).",
    });
  });

  it('asks the most telling question first: a clashing ID number before close candidates', () => {
    const a = candidate('001090000005', { ...agreeing, pid: ['other', -4] });
    const b = candidate('001090000006', { ...agreeing, pid: ['other', -4.5] });
    expect(reviewed([a, b]).code).toBe('review.id_disagrees');
  });
});

describe('why a row has another outcome', () => {
  const row = (over: Partial<ReasonInput>): ReasonInput => ({
    status: 'linked',
    candidates: [],
    record: withId,
    problems: [],
    decidedBy: null,
    ...over,
  });

  it('explains automatic links, rows below the lower threshold and rows without candidates', () => {
    const sure = candidate('001090001234', { ...agreeing, pid: ['exact', 20] });
    const next = candidate('001090001235', { family: ['exact', 4], pid: ['one-edit', 6] });
    expect(decide(model, [sure, next]).status).toBe('linked');
    expect(rowReason(row({ candidates: [sure, next] }), t)).toEqual({
      code: 'linked.sure',
      text: `The best candidate's probability > 0.999999 is at or above the upper threshold 0.99, ${(sure.weight - next.weight).toFixed(1)} bits ahead of the next.`,
    });
    const weak = candidate('001090000007', { family: ['exact', 4], given: ['other', -5] });
    expect(decide(model, [weak]).status).toBe('unmatched');
    expect(rowReason(row({ status: 'unmatched', candidates: [weak] }), t)).toMatchObject({
      code: 'unmatched.below_lower',
      text: expect.stringMatching(/probability 0\.\d+ is below the lower threshold 0\.5\.$/),
    });
    expect(rowReason(row({ status: 'unmatched' }), t).code).toBe('unmatched.no_candidate');
    expect(rowReason(row({ status: 'unmatched', mode: 'dedupe' }), t).code).toBe('unmatched.not_compared');
  });

  it("names the reviewer's decision and the reasons a row was rejected", () => {
    expect(rowReason(row({ decidedBy: 'operator:hoa' }), t)).toEqual({
      code: 'decided',
      text: 'Linked by a reviewer (operator:hoa).',
    });
    expect(rowReason(row({ status: 'unmatched', decidedBy: 'operator:hoa' }), t).text).toContain(
      'nobody in the register',
    );
    const rejected = rowReason(
      row({
        status: 'rejected',
        record: null,
        problems: [{ line: 9, code: 'row.ragged', reason: 'The row has 4 cells; the header has 3' }],
      }),
      t,
    );
    expect(rejected).toEqual({
      code: 'rejected',
      text: 'The row could not be used: The row has 4 cells; the header has 3.',
    });
  });
});

describe('formatProbability', () => {
  it('keeps a probability on the same side of the thresholds as it is', () => {
    expect(formatProbability(0.8341, [0.5, 0.99])).toBe('0.83');
    expect(formatProbability(0.9951, [0.5, 0.99])).toBe('0.995');
    expect(formatProbability(0.98999, [0.5, 0.99])).toBe('0.98999');
    expect(formatProbability(0.4999, [0.5, 0.99])).toBe('0.4999');
    expect(formatProbability(1)).toBe('1');
    expect(formatProbability(1 - 1e-9)).toBe('> 0.999999');
  });
});
