import type { Db } from '../db/index.js';
import { badRequest } from '../shared/errors.js';
import * as repo from './audit.repo.js';
import {
  consistencyRanges,
  EMPTY_ROOT,
  inclusionRanges,
  type LeafRange,
  MerkleAccumulator,
  treeHash,
} from './merkle.js';

/**
 * The Merkle tree over the stored leaf hashes. Subtree hashes of complete aligned blocks
 * of BLOCK leaves are cached in audit_blocks the first time they are needed, so a root or
 * proof of a large tree reads n/BLOCK block hashes plus at most BLOCK leaves.
 */
export const BLOCK = 1024;
const FILL_BATCH = 64;

async function leavesOf(db: Db, start: number, end: number): Promise<Buffer[]> {
  const rows = await repo.leafHashes(db, start, end);
  if (rows.length !== end - start || rows.some((r, i) => r.seq !== start + i))
    throw new Error(`audit log is missing entries in [${start}, ${end}); run "dancu audit verify"`);
  return rows.map((r) => r.hash);
}

/** Makes sure the hashes of blocks 0 … blocks-1 are cached. */
async function ensureBlocks(db: Db, blocks: number): Promise<void> {
  const have = await repo.blockHashes(db, blocks - 1, blocks);
  if (have.length > 0) return;
  const last = await db
    .selectFrom('audit_blocks')
    .select((e) => e.fn.max('block_no').as('m'))
    .executeTakeFirst();
  let next = last?.m === null || last?.m === undefined ? 0 : Number(last.m) + 1;
  while (next < blocks) {
    const upto = Math.min(blocks, next + FILL_BATCH);
    const leaves = await leavesOf(db, next * BLOCK, upto * BLOCK);
    const rows = [];
    for (let b = next; b < upto; b++)
      rows.push({ no: b, hash: treeHash(leaves, (b - next) * BLOCK, (b - next + 1) * BLOCK) });
    await repo.insertBlocks(db, rows);
    next = upto;
  }
}

/** MTH(D[start:end]) for a range that is a subtree of the tree (aligned as RFC 9162 splits). */
export async function rangeHash(db: Db, start: number, end: number): Promise<Buffer> {
  if (end - start <= BLOCK || start % BLOCK !== 0) return treeHash(await leavesOf(db, start, end));
  const fullEnd = Math.floor(end / BLOCK) * BLOCK;
  await ensureBlocks(db, fullEnd / BLOCK);
  const blocks = await repo.blockHashes(db, start / BLOCK, fullEnd / BLOCK);
  if (blocks.length !== (fullEnd - start) / BLOCK) throw new Error('audit block cache is incomplete');
  const acc = new MerkleAccumulator();
  for (const b of blocks) acc.push(b.hash, BLOCK);
  for (const h of await leavesOf(db, fullEnd, end)) acc.push(h);
  return acc.root();
}

/** The number of entries in the log (the counter of committed appends). */
export const treeSize = (db: Db) => repo.headSize(db);

/** MTH of the first `size` entries. */
export const treeRoot = (db: Db, size: number): Promise<Buffer> =>
  size === 0 ? Promise.resolve(EMPTY_ROOT) : rangeHash(db, 0, size);

async function hashesOf(db: Db, ranges: LeafRange[]): Promise<Buffer[]> {
  const out: Buffer[] = [];
  for (const [s, e] of ranges) out.push(await rangeHash(db, s, e));
  return out;
}

async function checkSize(db: Db, size: number, field: string) {
  const current = await treeSize(db);
  if (!Number.isSafeInteger(size) || size < 0 || size > current)
    throw badRequest(
      'audit.bad_tree_size',
      `The log has ${current} entries; ${field} ${size} is out of range`,
      [{ field, message: `0 … ${current}` }],
    );
}

/** PATH(seq, D[size]): the audit path of entry `seq` in the tree of `size` entries. */
export async function inclusionProofOf(db: Db, seq: number, size: number): Promise<Buffer[]> {
  await checkSize(db, size, 'size');
  if (!Number.isSafeInteger(seq) || seq < 0 || seq >= size)
    throw badRequest('audit.bad_seq', `Entry ${seq} is not in a tree of ${size} entries`, [
      { field: 'seq', message: `0 … ${size - 1}` },
    ]);
  return hashesOf(db, inclusionRanges(seq, size));
}

/** PROOF(from, D[to]): that the tree of `from` entries is a prefix of the one of `to`. */
export async function consistencyProofOf(db: Db, from: number, to: number): Promise<Buffer[]> {
  await checkSize(db, to, 'to');
  if (!Number.isSafeInteger(from) || from < 0 || from > to)
    throw badRequest('audit.bad_tree_size', `from must be within 0 … ${to}`, [
      { field: 'from', message: 'out of range' },
    ]);
  return hashesOf(db, consistencyRanges(from, to));
}
