import { keyHash, verifySignature } from './signer.js';

/**
 * Checkpoints as C2SP signed notes (tlog-checkpoint). The signed body is
 *
 *   dancu.audit/<instance>
 *   <tree size>
 *   <base64 root hash>
 *   time <ISO 8601 UTC>
 *
 * followed by an empty line and one signature line per signer:
 * `— <key name> <base64(4-byte key hash || 64-byte Ed25519 signature)>`.
 * The signature covers the body bytes (UTF-8) including its final newline.
 */
export interface CheckpointBody {
  origin: string;
  treeSize: number;
  rootHash: Buffer;
  time: string;
}

/** The signed text of a checkpoint. */
export const noteBody = (b: CheckpointBody) =>
  `${b.origin}\n${b.treeSize}\n${b.rootHash.toString('base64')}\ntime ${b.time}\n`;

/** The whole note: body, empty line, signature line. */
export const signedNote = (body: string, name: string, publicKey: Buffer, signature: Buffer) =>
  `${body}\n— ${name} ${Buffer.concat([keyHash(name, publicKey), signature]).toString('base64')}\n`;

/** Splits a note into its body and parsed fields; throws when it is not a checkpoint. */
export function parseNote(note: string): {
  body: string;
  fields: CheckpointBody;
  signatures: { name: string; blob: Buffer }[];
} {
  const cut = note.indexOf('\n\n');
  if (cut < 0) throw new Error('not a signed note: no empty line before the signatures');
  const body = note.slice(0, cut + 1);
  const lines = body.split('\n');
  const [origin, size, root] = lines;
  const timeLine = lines.find((l) => l.startsWith('time '));
  if (!origin || !size || !/^\d+$/.test(size) || !root)
    throw new Error('not a checkpoint: expected origin, size and root lines');
  const rootHash = Buffer.from(root, 'base64');
  if (rootHash.length !== 32) throw new Error('not a checkpoint: the root hash is not 32 bytes');
  const signatures = note
    .slice(cut + 2)
    .split('\n')
    .filter((l) => l.startsWith('— '))
    .map((l) => {
      const [, name, blob] = l.split(' ');
      return { name: name ?? '', blob: Buffer.from(blob ?? '', 'base64') };
    });
  return {
    body,
    fields: { origin, treeSize: Number(size), rootHash, time: timeLine?.slice(5) ?? '' },
    signatures,
  };
}

/**
 * Verifies a note against a known key (name + raw public key): some signature line must
 * carry this key's hash and a valid signature over the body.
 */
export function noteSignedBy(note: string, name: string, publicKey: Buffer): boolean {
  const { body, signatures } = parseNote(note);
  const hash = keyHash(name, publicKey);
  return signatures.some(
    (s) =>
      s.name === name &&
      s.blob.length === 68 &&
      s.blob.subarray(0, 4).equals(hash) &&
      verifySignature(publicKey, Buffer.from(body, 'utf8'), s.blob.subarray(4)),
  );
}
