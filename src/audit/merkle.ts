import { createHash, hash } from 'node:crypto';

/**
 * The Merkle tree of RFC 9162 (Certificate Transparency v2), section 2.1: leaf hashes,
 * the tree head (MTH) of any size, inclusion proofs (PATH), consistency proofs (PROOF)
 * and the verification algorithms of 2.1.3.2 and 2.1.4.2. Pure; no database.
 *
 * Proofs are described first as the list of leaf ranges whose subtree hashes they
 * contain (`inclusionRanges`, `consistencyRanges`), so that a caller with a large tree
 * in a database can compute those hashes its own way (see tree.service.ts).
 */

/** A half-open range of leaf indexes [start, end). */
export type LeafRange = readonly [start: number, end: number];

const LEAF = Buffer.from([0x00]);
const NODE = Buffer.from([0x01]);

/** SHA-256(0x00 || leaf): the hash of one log entry's serialization. */
export const leafHash = (leaf: Uint8Array): Buffer => hash('sha256', Buffer.concat([LEAF, leaf]), 'buffer');

// One reused buffer for the 65 bytes of a node: the one-shot hash is the fast path.
const pair = Buffer.alloc(65, 0x01);

/** SHA-256(0x01 || left || right): an interior node. */
export function nodeHash(left: Uint8Array, right: Uint8Array): Buffer {
  if (left.length !== 32 || right.length !== 32)
    return createHash('sha256').update(NODE).update(left).update(right).digest();
  pair.set(left, 1);
  pair.set(right, 33);
  return hash('sha256', pair, 'buffer');
}

/** MTH of the empty tree: SHA-256 of the empty string. */
export const EMPTY_ROOT: Buffer = createHash('sha256').digest();

/** The largest power of two smaller than n (n ≥ 2). */
export function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/**
 * Streams subtree hashes in leaf order and keeps only the roots of the complete subtrees
 * seen so far (one per set bit of the size), so the root of a million leaves needs a
 * stack of at most ~20 hashes. `push(hash, size)` accepts an already-hashed complete
 * aligned subtree of `size` leaves (a power of two, no larger than the last one pushed).
 *
 * @example
 *   const acc = new MerkleAccumulator();
 *   for (const h of leafHashes) acc.push(h);
 *   acc.root(); // MTH(D[n])
 */
export class MerkleAccumulator {
  private readonly hashes: Buffer[] = [];
  private readonly sizes: number[] = [];
  private count = 0;

  /** Number of leaves pushed so far. */
  get size(): number {
    return this.count;
  }

  push(hash: Buffer, size = 1): void {
    if (this.count % size !== 0) throw new Error(`subtree of ${size} leaves at ${this.count} is not aligned`);
    let h = hash;
    let s = size;
    while (this.sizes.length > 0 && this.sizes[this.sizes.length - 1] === s) {
      h = nodeHash(this.hashes.pop() as Buffer, h);
      this.sizes.pop();
      s *= 2;
    }
    this.hashes.push(h);
    this.sizes.push(s);
    this.count += size;
  }

  /** MTH of the leaves pushed so far. */
  root(): Buffer {
    const n = this.hashes.length;
    if (n === 0) return EMPTY_ROOT;
    let r = this.hashes[n - 1] as Buffer;
    for (let i = n - 2; i >= 0; i--) r = nodeHash(this.hashes[i] as Buffer, r);
    return r;
  }
}

/** MTH(D[start:end]) of in-memory leaf hashes. */
export function treeHash(leafHashes: readonly Buffer[], start = 0, end = leafHashes.length): Buffer {
  const acc = new MerkleAccumulator();
  for (let i = start; i < end; i++) acc.push(leafHashes[i] as Buffer);
  return acc.root();
}

/** The subtrees whose hashes form PATH(m, D[n]), in proof order (RFC 9162 2.1.3.1). */
export function inclusionRanges(m: number, n: number): LeafRange[] {
  if (!(m >= 0 && m < n)) throw new RangeError(`leaf ${m} is not in a tree of size ${n}`);
  const out: LeafRange[] = [];
  const walk = (m: number, start: number, n: number): void => {
    if (n <= 1) return;
    const k = splitPoint(n);
    if (m < k) {
      walk(m, start, k);
      out.push([start + k, start + n]);
    } else {
      walk(m - k, start + k, n - k);
      out.push([start, start + k]);
    }
  };
  walk(m, 0, n);
  return out;
}

/** The subtrees whose hashes form PROOF(m, D[n]), in proof order (RFC 9162 2.1.4.1). */
export function consistencyRanges(m: number, n: number): LeafRange[] {
  if (!(m >= 0 && m <= n)) throw new RangeError(`size ${m} is not within a tree of size ${n}`);
  if (m === 0 || m === n) return [];
  const out: LeafRange[] = [];
  const sub = (m: number, start: number, n: number, whole: boolean): void => {
    if (m === n) {
      if (!whole) out.push([start, start + n]);
      return;
    }
    const k = splitPoint(n);
    if (m <= k) {
      sub(m, start, k, whole);
      out.push([start + k, start + n]);
    } else {
      sub(m - k, start + k, n - k, false);
      out.push([start, start + k]);
    }
  };
  sub(m, 0, n, true);
  return out;
}

/** PATH(m, D[n]) over in-memory leaf hashes. */
export const inclusionProof = (leafHashes: readonly Buffer[], m: number, n = leafHashes.length): Buffer[] =>
  inclusionRanges(m, n).map(([s, e]) => treeHash(leafHashes, s, e));

/** PROOF(m, D[n]) over in-memory leaf hashes. */
export const consistencyProof = (leafHashes: readonly Buffer[], m: number, n = leafHashes.length): Buffer[] =>
  consistencyRanges(m, n).map(([s, e]) => treeHash(leafHashes, s, e));

const isPowerOfTwo = (n: number) => n > 0 && 2 ** Math.round(Math.log2(n)) === n;

/** Shifts fn and sn right until fn's lowest bit is set or fn is 0. */
function shiftWhileEven(fn: number, sn: number): [number, number] {
  while (fn !== 0 && fn % 2 === 0) {
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return [fn, sn];
}

/**
 * Verifies an inclusion proof (RFC 9162 2.1.3.2): that the leaf with `hash` sits at
 * `index` in the tree of `size` leaves whose root is `root`.
 */
export function verifyInclusion(
  hash: Uint8Array,
  index: number,
  size: number,
  proof: readonly Uint8Array[],
  root: Uint8Array,
): boolean {
  if (!(index >= 0 && index < size)) return false;
  let fn = index;
  let sn = size - 1;
  let r: Uint8Array = hash;
  for (const p of proof) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(p, r);
      if (fn % 2 === 0) [fn, sn] = shiftWhileEven(fn, sn);
    } else {
      r = nodeHash(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && Buffer.from(r).equals(root);
}

/**
 * Verifies a consistency proof (RFC 9162 2.1.4.2): that the tree of `size1` leaves with
 * root `root1` is a prefix of the tree of `size2` leaves with root `root2`. Sizes 0 and
 * equal sizes take an empty proof.
 */
export function verifyConsistency(
  size1: number,
  size2: number,
  proof: readonly Uint8Array[],
  root1: Uint8Array,
  root2: Uint8Array,
): boolean {
  if (!(size1 >= 0 && size1 <= size2)) return false;
  if (size1 === 0) return proof.length === 0;
  if (size1 === size2) return proof.length === 0 && Buffer.from(root1).equals(root2);
  if (proof.length === 0) return false;
  const path = isPowerOfTwo(size1) ? [root1, ...proof] : [...proof];
  let fn = size1 - 1;
  let sn = size2 - 1;
  while (fn % 2 === 1) {
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  let fr: Uint8Array = path[0] as Uint8Array;
  let sr: Uint8Array = fr;
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      if (fn % 2 === 0) [fn, sn] = shiftWhileEven(fn, sn);
    } else {
      sr = nodeHash(sr, c);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && Buffer.from(fr).equals(root1) && Buffer.from(sr).equals(root2);
}
