import { describe, expect, it } from 'vitest';
import { packCandidates, unpackCandidates } from './stored-candidates.js';
import type { Candidate } from './types.js';

const candidates: Candidate[] = [
  {
    id: '001088000123',
    weight: 30.179181,
    probability: 0.9999999991774524,
    contributions: [
      { field: 'prior', level: 'prior', weight: -20.083570364 },
      { field: 'dob', level: 'year±1', weight: 2.5 },
      { field: 'given', level: 'jw>=0.92', weight: 4.006 },
      { field: 'oldId', level: 'missing', weight: 0 },
    ],
  },
  { id: '001088000124', weight: -3.2, probability: 0.0001, contributions: [] },
];

describe('stored candidates', () => {
  it('round-trips through JSON with weights to 0.01 bit, and takes far fewer bytes', () => {
    const text = packCandidates(candidates);
    const back = unpackCandidates(JSON.parse(text));
    expect(back).toEqual([
      {
        ...candidates[0],
        weight: 30.18,
        contributions: [
          { field: 'prior', level: 'prior', weight: -20.08 },
          { field: 'dob', level: 'year±1', weight: 2.5 },
          { field: 'given', level: 'jw>=0.92', weight: 4.01 },
          { field: 'oldId', level: 'missing', weight: 0 },
        ],
      },
      candidates[1],
    ]);
    expect(text.length).toBeLessThan(JSON.stringify(candidates).length / 2);
  });

  it('reads rows stored as objects, and keeps a name the text form cannot hold as an object', () => {
    expect(unpackCandidates(JSON.parse(JSON.stringify(candidates)))).toEqual(candidates);
    const odd: Candidate = { ...candidates[1]!, contributions: [{ field: 'a b', level: 'x', weight: 1 }] };
    expect(unpackCandidates(JSON.parse(packCandidates([odd])))).toEqual([odd]);
    expect(unpackCandidates(null)).toEqual([]);
  });
});
