import type { Db } from '../db/index.js';
import { conflict, notFound } from '../shared/errors.js';
import * as repo from './audit.repo.js';
import { verifyConsistency } from './merkle.js';
import { noteBody, signedNote } from './note.js';
import type { AuditSigner } from './signer.js';
import { consistencyProofOf, treeRoot, treeSize } from './tree.service.js';

/** A signed checkpoint as served to verifiers (hashes and signature in base64). */
export interface CheckpointView {
  treeSize: number;
  rootHash: string;
  timestamp: string;
  keyId: string;
  signature: string;
  note: string;
}

/** A checkpoint row as the API serves it. */
export const checkpointView = (r: repo.CheckpointRow): CheckpointView => ({
  treeSize: Number(r.tree_size),
  rootHash: repo.buf(r.root_hash).toString('base64'),
  timestamp: r.created_at.toISOString(),
  keyId: r.key_id,
  signature: repo.buf(r.signature).toString('base64'),
  note: r.note,
});

/** Records the signer's public key so that verifiers can find it; idempotent. */
export const registerSigner = (db: Db, signer: AuditSigner) =>
  repo.insertKey(db, { key_id: signer.keyId, name: signer.name, public_key: signer.publicKey });

/**
 * Signs the tree at its current size and stores the checkpoint. When the size has not
 * changed since the latest checkpoint, returns that one (no new row). Refuses to sign a
 * tree that is not an extension of the latest checkpoint (which means tampering).
 */
export async function createCheckpoint(db: Db, signer: AuditSigner): Promise<CheckpointView> {
  const size = await treeSize(db);
  const latest = await repo.latestCheckpoint(db);
  if (latest && Number(latest.tree_size) === size) return checkpointView(latest);
  const root = await treeRoot(db, size);
  if (latest) {
    const from = Number(latest.tree_size);
    const ok =
      from <= size &&
      verifyConsistency(
        from,
        size,
        await consistencyProofOf(db, from, size),
        repo.buf(latest.root_hash),
        root,
      );
    if (!ok)
      throw conflict(
        'audit.inconsistent',
        `The log at size ${size} does not extend checkpoint ${from}; run "dancu audit verify"`,
      );
  }
  await registerSigner(db, signer);
  const now = new Date();
  const body = noteBody({ origin: signer.name, treeSize: size, rootHash: root, time: now.toISOString() });
  const signature = signer.sign(Buffer.from(body, 'utf8'));
  const row: repo.CheckpointRow = {
    tree_size: size,
    root_hash: root,
    created_at: now,
    key_id: signer.keyId,
    signature,
    note: signedNote(body, signer.name, signer.publicKey, signature),
  };
  // Another process may have signed the same size meanwhile: then serve theirs.
  if (!(await repo.insertCheckpoint(db, row)))
    return checkpointView((await repo.checkpointAt(db, size)) ?? row);
  return checkpointView(row);
}

/**
 * Signs a checkpoint every `everyMs` milliseconds when the log has grown; returns a stop
 * function that waits for a run in progress. Errors go to `onError` (default: stderr).
 */
export function startCheckpointSchedule(
  db: Db,
  signer: AuditSigner,
  everyMs: number,
  onError: (e: unknown) => void = (e) => console.error('audit checkpoint failed:', e),
): () => Promise<void> {
  let running: Promise<unknown> = Promise.resolve();
  let busy = false;
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    running = createCheckpoint(db, signer)
      .catch(onError)
      .finally(() => {
        busy = false;
      });
  }, everyMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}

/** The latest signed checkpoint; 404 problem when none yet. */
export async function latestCheckpoint(db: Db): Promise<CheckpointView> {
  const r = await repo.latestCheckpoint(db);
  if (!r) throw notFound('audit.no_checkpoint', 'No checkpoint has been signed yet');
  return checkpointView(r);
}

/** The signed checkpoint at a tree size; 404 problem when there is none. */
export async function checkpointAt(db: Db, size: number): Promise<CheckpointView> {
  const r = await repo.checkpointAt(db, size);
  if (!r) throw notFound('audit.no_checkpoint', `No checkpoint at tree size ${size}`);
  return checkpointView(r);
}

/** Every signer key ever registered, with its verifier key string. */
export const publicKeys = async (db: Db) =>
  (await repo.listKeys(db)).map((k) => {
    const publicKey = repo.buf(k.public_key);
    return {
      keyId: k.key_id,
      name: k.name,
      publicKey: publicKey.toString('base64'),
      vkey: `${k.key_id}+${Buffer.concat([Buffer.from([1]), publicKey]).toString('base64')}`,
      createdAt: k.created_at.toISOString(),
    };
  });
