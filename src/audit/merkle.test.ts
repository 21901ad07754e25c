import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  consistencyProof,
  EMPTY_ROOT,
  inclusionProof,
  leafHash,
  MerkleAccumulator,
  treeHash,
  verifyConsistency,
  verifyInclusion,
} from './merkle.js';

const sha = (...parts: Buffer[]) => createHash('sha256').update(Buffer.concat(parts)).digest();
const L = (s: string) => sha(Buffer.from([0]), Buffer.from(s));
const N = (a: Buffer, b: Buffer) => sha(Buffer.from([1]), a, b);
const leaves = (n: number) => Array.from({ length: n }, (_, i) => leafHash(Buffer.from(`entry ${i}`)));

describe('Merkle tree head (RFC 9162 2.1.1)', () => {
  it('matches the definition on small trees', () => {
    const [a, b, c, d, e] = ['a', 'b', 'c', 'd', 'e'].map(L) as Buffer[] as [
      Buffer,
      Buffer,
      Buffer,
      Buffer,
      Buffer,
    ];
    expect(leafHash(Buffer.from('a'))).toEqual(a);
    expect(treeHash([])).toEqual(sha());
    expect(treeHash([a])).toEqual(a);
    expect(treeHash([a, b])).toEqual(N(a, b));
    expect(treeHash([a, b, c])).toEqual(N(N(a, b), c));
    expect(treeHash([a, b, c, d])).toEqual(N(N(a, b), N(c, d)));
    expect(treeHash([a, b, c, d, e])).toEqual(N(N(N(a, b), N(c, d)), e));
    const seven = ['a', 'b', 'c', 'd', 'e', 'f', 'g'].map(L);
    const [f, g] = [seven[5] as Buffer, seven[6] as Buffer];
    expect(treeHash(seven)).toEqual(N(N(N(a, b), N(c, d)), N(N(e, f), g)));
    expect(EMPTY_ROOT.toString('hex')).toBe(
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
  });

  it('accepts pre-hashed aligned subtrees', () => {
    const ls = leaves(2048 + 5);
    const acc = new MerkleAccumulator();
    acc.push(treeHash(ls, 0, 1024), 1024);
    acc.push(treeHash(ls, 1024, 2048), 1024);
    for (const h of ls.slice(2048)) acc.push(h);
    expect(acc.root()).toEqual(treeHash(ls));
    expect(() => acc.push(ls[0] as Buffer, 2)).toThrow(/not aligned/);
  });
});

describe('proofs (RFC 9162 2.1.3, 2.1.4)', () => {
  const tree = fc.integer({ min: 1, max: 300 });

  it('every inclusion proof verifies, and a changed leaf, index or root does not', () => {
    fc.assert(
      fc.property(tree, fc.nat(), (n, r) => {
        const ls = leaves(n);
        const m = r % n;
        const root = treeHash(ls);
        const proof = inclusionProof(ls, m);
        expect(verifyInclusion(ls[m] as Buffer, m, n, proof, root)).toBe(true);
        expect(verifyInclusion(leafHash(Buffer.from('forged')), m, n, proof, root)).toBe(false);
        if (n > 1) expect(verifyInclusion(ls[m] as Buffer, (m + 1) % n, n, proof, root)).toBe(false);
      }),
      { numRuns: 200 },
    );
  });

  it('every consistency proof verifies for m ≤ n', () => {
    fc.assert(
      fc.property(tree, fc.nat(), (n, r) => {
        const ls = leaves(n);
        const m = r % (n + 1);
        const proof = consistencyProof(ls, m);
        expect(verifyConsistency(m, n, proof, treeHash(ls, 0, m), treeHash(ls))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('changing, removing or swapping leaves breaks consistency with the old root', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 200 }), fc.nat(), fc.nat(), fc.nat(), (n, r1, r2, op) => {
        const ls = leaves(n);
        const m = 1 + (r1 % (n - 1)); // 1 … n-1
        const oldRoot = treeHash(ls, 0, m);
        const i = r2 % m; // a leaf the old tree covers
        const bad = [...ls];
        if (op % 3 === 0) bad[i] = leafHash(Buffer.from('changed'));
        else if (op % 3 === 1) bad.splice(i, 1);
        else {
          const j = (i + 1) % n;
          [bad[i], bad[j]] = [bad[j] as Buffer, bad[i] as Buffer];
        }
        const proof = consistencyProof(bad, m);
        expect(verifyConsistency(m, bad.length, proof, oldRoot, treeHash(bad))).toBe(false);
        // …and the original leaf i is no longer included at its place.
        expect(verifyInclusion(ls[i] as Buffer, i, bad.length, inclusionProof(bad, i), treeHash(bad))).toBe(
          false,
        );
      }),
      { numRuns: 300 },
    );
  });

  it('rejects malformed proofs', () => {
    const ls = leaves(10);
    const proof = consistencyProof(ls, 4);
    expect(verifyConsistency(4, 10, [], treeHash(ls, 0, 4), treeHash(ls))).toBe(false);
    expect(verifyConsistency(4, 10, proof.slice(1), treeHash(ls, 0, 4), treeHash(ls))).toBe(false);
    expect(verifyConsistency(4, 10, [...proof, proof[0] as Buffer], treeHash(ls, 0, 4), treeHash(ls))).toBe(
      false,
    );
    expect(verifyConsistency(11, 10, proof, treeHash(ls), treeHash(ls))).toBe(false);
    expect(verifyConsistency(10, 10, [], treeHash(ls), treeHash(ls))).toBe(true);
    expect(verifyInclusion(ls[0] as Buffer, 10, 10, [], treeHash(ls))).toBe(false);
  });
});
