import type { Db } from '../db/index.js';
import * as repo from './audit.repo.js';
import { entryLeafHash } from './leaf.js';
import { EMPTY_ROOT, MerkleAccumulator, treeHash } from './merkle.js';
import { noteSignedBy, parseNote } from './note.js';
import { BLOCK } from './tree.service.js';

/**
 * The full check behind `dancu audit verify`: recompute every leaf hash from the stored
 * fields, rebuild the tree from them, and hold it against every signed checkpoint.
 * Reads the database only; trusts nothing in it but what the signatures cover.
 */
export type AuditProblemKind =
  | 'changed' // fields no longer match the leaf hash stored with them
  | 'moved' // an entry sits at another seq than the one it was written at
  | 'missing' // a gap in seq, or fewer entries than a checkpoint covers
  | 'head_mismatch' // the append counter disagrees with the entries present
  | 'root_mismatch' // the recomputed tree differs from a signed checkpoint
  | 'bad_signature' // a checkpoint's signature or note does not check out
  | 'block_mismatch' // hint: a block's leaves differ from when it was first hashed
  | 'index_mismatch'; // the access-log index (audit_subjects) disagrees with the entries

export interface AuditProblem {
  kind: AuditProblemKind;
  message: string;
  seq?: number;
  treeSize?: number;
}

export interface AuditVerifyReport {
  entries: number;
  /** Root of the rebuilt tree; null when entries are missing. */
  root: string | null;
  checkpoints: number;
  problems: AuditProblem[];
}

export interface VerifyOptions {
  /** Trusted signer keys (name + raw key); default: every key in audit_keys. */
  trustedKeys?: { name: string; keyId: string; publicKey: Buffer }[];
  /** Extra checkpoints to hold the tree against (e.g. one a third party saved). */
  extraNotes?: string[];
  onProgress?: (entriesSoFar: number) => void;
}

const PAGE = 10_000;
const MAX_PAIRING = 2000;

export async function verifyAuditLog(db: Db, opts: VerifyOptions = {}): Promise<AuditVerifyReport> {
  const problems: AuditProblem[] = [];
  const keys =
    opts.trustedKeys ??
    (await repo.listKeys(db)).map((k) => ({
      name: k.name,
      keyId: k.key_id,
      publicKey: repo.buf(k.public_key),
    }));

  // 1. Checkpoints: signatures first; then (size → root) to compare with the rebuilt tree.
  const targets = new Map<number, { root: Buffer; label: string }>();
  const rows = await repo.listCheckpoints(db);
  for (const c of rows) {
    const size = Number(c.tree_size);
    const key = keys.find((k) => k.keyId === c.key_id);
    let ok = false;
    try {
      const { fields } = parseNote(c.note);
      ok =
        !!key &&
        noteSignedBy(c.note, key.name, key.publicKey) &&
        fields.treeSize === size &&
        fields.rootHash.equals(repo.buf(c.root_hash));
    } catch {
      ok = false;
    }
    if (!ok)
      problems.push({
        kind: 'bad_signature',
        treeSize: size,
        message: `checkpoint at size ${size}: ${key ? 'signature or note does not match its row' : `key ${c.key_id} is not trusted`}`,
      });
    else targets.set(size, { root: repo.buf(c.root_hash), label: `checkpoint at size ${size}` });
  }
  for (const note of opts.extraNotes ?? []) {
    const { fields } = parseNote(note);
    const signed = keys.some((k) => noteSignedBy(note, k.name, k.publicKey));
    if (!signed)
      problems.push({
        kind: 'bad_signature',
        treeSize: fields.treeSize,
        message: 'the given checkpoint is not signed by a trusted key',
      });
    else
      targets.set(fields.treeSize, {
        root: fields.rootHash,
        label: `the given checkpoint (size ${fields.treeSize})`,
      });
  }
  const sizes = [...targets.keys()].sort((a, b) => a - b);

  // 2. One pass over the entries in seq order.
  const acc = new MerkleAccumulator();
  const cached = new Map((await repo.blockHashes(db, 0, Number.MAX_SAFE_INTEGER)).map((b) => [b.no, b.hash]));
  let block: Buffer[] = [];
  let expected = 0;
  let broken = false;
  let lastGood = 0;
  const mismatched: { seq: number; entry: Awaited<ReturnType<typeof repo.entriesAfter>>[number] }[] = [];
  const compareAt = (size: number) => {
    const t = targets.get(size);
    if (!t) return;
    if (!acc.root().equals(t.root))
      problems.push({
        kind: 'root_mismatch',
        treeSize: size,
        message: `the entries no longer hash to ${t.label}: some entry in seq ${lastGood} … ${size - 1} was changed, moved or replaced`,
      });
    else lastGood = size;
  };
  if (targets.has(0) && !targets.get(0)?.root.equals(EMPTY_ROOT))
    problems.push({
      kind: 'root_mismatch',
      treeSize: 0,
      message: 'checkpoint at size 0 is not the empty root',
    });
  // The next page is fetched while this one is hashed.
  let pending = repo.entriesAfter(db, -1, PAGE);
  for (;;) {
    const page = await pending;
    if (page.length === 0) break;
    pending = repo.entriesAfter(db, page[page.length - 1]?.seq ?? 0, PAGE);
    problems.push(...(await checkSubjectIndex(db, page)));
    for (const e of page) {
      if (e.seq !== expected) {
        problems.push({
          kind: 'missing',
          seq: expected,
          message:
            e.seq - 1 > expected
              ? `entries ${expected} … ${e.seq - 1} are missing (removed)`
              : `entry ${expected} is missing (removed)`,
        });
        broken = true;
      }
      expected = e.seq + 1;
      const h = entryLeafHash(e.seq, e);
      if (!h.equals(e.leafHash)) mismatched.push({ seq: e.seq, entry: e });
      if (broken) continue;
      acc.push(h);
      block.push(h);
      if (block.length === BLOCK) {
        const c = cached.get(acc.size / BLOCK - 1);
        if (c && !treeHash(block).equals(c))
          problems.push({
            kind: 'block_mismatch',
            seq: acc.size - BLOCK,
            message: `entries ${acc.size - BLOCK} … ${acc.size - 1} differ from when they were first hashed`,
          });
        block = [];
      }
      compareAt(acc.size);
    }
    opts.onProgress?.(expected);
  }

  // 3. What the pass could not confirm.
  for (const size of sizes) {
    if (size > expected)
      problems.push({
        kind: 'missing',
        treeSize: size,
        message: `${targets.get(size)?.label} covers ${size} entries but only ${expected} are present: entries ${expected} … ${size - 1} were removed`,
      });
    else if (broken && size > acc.size)
      problems.push({
        kind: 'missing',
        treeSize: size,
        message: `${targets.get(size)?.label} cannot be confirmed: entries are missing before it`,
      });
  }
  const head = await repo.headSize(db);
  if (head !== expected)
    problems.push({
      kind: 'head_mismatch',
      message: `${head} entries were appended but the log ends at ${expected}`,
    });

  // 4. Changed or moved entries: a moved entry hashes right at the seq it was written at.
  // Pairing is quadratic: only tried when few entries mismatch.
  const pool = mismatched.length <= MAX_PAIRING ? mismatched : [];
  for (const m of mismatched) {
    const from = pool.find(
      (o) =>
        o.seq !== m.seq &&
        [m.entry.leafHash, o.entry.leafHash].some((h) => entryLeafHash(o.seq, m.entry).equals(h)),
    );
    problems.push(
      from
        ? {
            kind: 'moved',
            seq: m.seq,
            message: `entry ${m.seq} holds the entry written at seq ${from.seq} (reordered)`,
          }
        : {
            kind: 'changed',
            seq: m.seq,
            message: `entry ${m.seq} was changed: its fields no longer match its leaf hash`,
          },
    );
  }
  return {
    entries: expected,
    root: broken ? null : acc.root().toString('base64'),
    checkpoints: rows.length,
    problems,
  };
}

/**
 * The persons an entry names beyond its subject (detail.subjects, covered by the leaf
 * hash) must each have their index row, or their access log would not show the entry;
 * and every index row must point at an entry that names that person.
 */
async function checkSubjectIndex(
  db: Db,
  page: Awaited<ReturnType<typeof repo.entriesAfter>>,
): Promise<AuditProblem[]> {
  const first = page[0]?.seq ?? 0;
  const last = page[page.length - 1]?.seq ?? 0;
  const stored = new Set((await repo.subjectIndex(db, first, last + 1)).map((r) => `${r.pid}@${r.seq}`));
  const problems: AuditProblem[] = [];
  for (const e of page) {
    const subjects = e.detail.subjects;
    if (!Array.isArray(subjects)) continue;
    for (const pid of subjects) {
      if (!stored.delete(`${pid}@${e.seq}`))
        problems.push({
          kind: 'index_mismatch',
          seq: e.seq,
          message: `entry ${e.seq} names ${pid} but the access-log index lacks it: that person would not see the entry`,
        });
    }
  }
  for (const row of stored) {
    const [pid, seq] = row.split('@');
    problems.push({
      kind: 'index_mismatch',
      seq: Number(seq),
      message: `the access-log index lists ${pid} at entry ${seq}, which does not name them`,
    });
  }
  return problems;
}
