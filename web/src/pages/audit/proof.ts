/**
 * Checks, with WebCrypto alone, that an audit entry is in the log that a signed checkpoint
 * commits to — so that an operator need not trust the server's word for it:
 *
 * 1. the entry's canonical serialization (docs/audit.md) is rebuilt from its fields and
 *    hashed: SHA-256(0x00 ‖ leaf) must equal the leaf hash the log holds;
 * 2. the checkpoint's signed note must carry a valid Ed25519 signature by a known key;
 * 3. the inclusion proof (RFC 9162 §2.1.3.2) must lead from that leaf hash to the root
 *    hash in the signed note, at the note's tree size.
 *
 * Pure functions; runs in the browser and in Node (globalThis.crypto).
 */
import { canonicalJson } from '../../../../src/audit/canonical-json.js';

export { canonicalJson };

export const LEAF_VERSION = 'dancu.audit/v1';

/** The fields of an entry, as GET /audit/entries/{seq} serves them. */
export interface EntryFields {
  seq: number;
  recordedAt: string;
  actorId: string;
  actorKind: string;
  action: string;
  subjectPid: string | null;
  purpose: string | null;
  fields: string[];
  outcome: string;
  requestId: string | null;
  detail: Record<string, unknown>;
}

/** The canonical serialization of an entry: the bytes its leaf hash is taken over. */
export const leafText = (e: EntryFields): string =>
  canonicalJson([
    LEAF_VERSION,
    e.seq,
    e.recordedAt,
    e.actorId,
    e.actorKind,
    e.action,
    e.subjectPid,
    e.purpose,
    e.fields,
    e.outcome,
    e.requestId,
    e.detail,
  ]);

const concat = (...parts: Uint8Array[]): Uint8Array<ArrayBuffer> => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};

const sha256 = async (...parts: Uint8Array[]) =>
  new Uint8Array(await crypto.subtle.digest('SHA-256', concat(...parts)));

const LEAF = Uint8Array.of(0x00);
const NODE = Uint8Array.of(0x01);
const utf8 = (s: string) => new TextEncoder().encode(s);

/** SHA-256(0x00 ‖ leaf). */
export const leafHash = (leaf: string) => sha256(LEAF, utf8(leaf));
/** SHA-256(0x01 ‖ left ‖ right). */
export const nodeHash = (left: Uint8Array, right: Uint8Array) => sha256(NODE, left, right);

export const fromBase64 = (b64: string): Uint8Array<ArrayBuffer> => {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
};
export const toBase64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));
const hex = (bytes: Uint8Array) => [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
const equal = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((x, i) => x === b[i]);

/**
 * The root that an inclusion proof leads to from leaf `index` of a tree of `size` leaves
 * (RFC 9162 §2.1.3.2), or null when the proof has the wrong shape for that position.
 */
export async function rootFromInclusion(
  index: number,
  size: number,
  hash: Uint8Array,
  proof: readonly Uint8Array[],
): Promise<Uint8Array | null> {
  if (!(Number.isInteger(index) && Number.isInteger(size) && index >= 0 && index < size)) return null;
  let fn = index;
  let sn = size - 1;
  let r = hash;
  for (const p of proof) {
    if (sn === 0) return null;
    if (fn % 2 === 1 || fn === sn) {
      r = await nodeHash(p, r);
      if (fn % 2 === 0) {
        while (fn !== 0 && fn % 2 === 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      r = await nodeHash(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 ? r : null;
}

/** A checkpoint's signed note, split: body lines and signature lines. */
export function parseCheckpointNote(note: string) {
  const cut = note.indexOf('\n\n');
  if (cut < 0) return undefined;
  const body = note.slice(0, cut + 1);
  const [origin = '', size = '', root = ''] = body.split('\n');
  if (!/^\d+$/.test(size)) return undefined;
  const signatures = note
    .slice(cut + 2)
    .split('\n')
    .filter((l) => l.startsWith('— '))
    .map((l) => {
      const [, name = '', blob = ''] = l.split(' ');
      return { name, blob };
    });
  return { body, origin, treeSize: Number(size), rootHash: root, signatures };
}

/** A checkpoint signer's public key, as GET /audit/public-key serves it. */
export interface SignerKey {
  keyId: string;
  name: string;
  /** Raw 32-byte Ed25519 key, base64. */
  publicKey: string;
}

/**
 * Whether some signature line of the note is a valid Ed25519 signature over its body by
 * one of `keys` (C2SP signed note: key hash = SHA-256(name ‖ "\n" ‖ 0x01 ‖ key)[:4]).
 * `unsupported` when this browser's WebCrypto has no Ed25519.
 */
export async function checkNoteSignature(
  note: string,
  keys: readonly SignerKey[],
): Promise<{ ok: boolean; keyId?: string; unsupported?: boolean }> {
  const parsed = parseCheckpointNote(note);
  if (!parsed) return { ok: false };
  for (const s of parsed.signatures) {
    const blob = fromBase64(s.blob);
    if (blob.length !== 68) continue;
    for (const k of keys) {
      if (k.name !== s.name) continue;
      const raw = fromBase64(k.publicKey);
      const kh = (await sha256(utf8(`${k.name}\n`), Uint8Array.of(0x01), raw)).slice(0, 4);
      if (!equal(kh, blob.slice(0, 4))) continue;
      let key: Awaited<ReturnType<typeof crypto.subtle.importKey>>;
      try {
        key = await crypto.subtle.importKey('raw', raw, { name: 'Ed25519' }, false, ['verify']);
      } catch {
        return { ok: false, unsupported: true, keyId: k.keyId };
      }
      const valid = await crypto.subtle.verify({ name: 'Ed25519' }, key, blob.slice(4), utf8(parsed.body));
      if (valid) return { ok: true, keyId: `${k.name}+${hex(kh)}` };
    }
  }
  return { ok: false };
}

export interface ProofReport {
  /** Step 1: the rebuilt leaf hash equals the stored one. */
  leaf: { ok: boolean; computed: string; stored: string };
  /** Step 2: the checkpoint note is signed by a known key. */
  signature: { ok: boolean; keyId?: string | undefined; unsupported?: boolean | undefined };
  /** Step 3: the inclusion proof leads to the signed root. */
  inclusion: { ok: boolean; computedRoot: string | null; signedRoot: string; treeSize: number };
  /** All three hold. */
  ok: boolean;
}

/**
 * Runs the three checks for `entry` against a checkpoint note, the inclusion proof the API
 * served for (entry.seq, note's tree size) and the signer keys.
 *
 * @example
 *   const r = await verifyEntryProof(entry, entry.leafHash, checkpoint.note, proof.proof, keys);
 *   if (!r.ok) alert('the log does not hold this entry as shown');
 */
export async function verifyEntryProof(
  entry: EntryFields,
  storedLeafHash: string,
  note: string,
  proof: readonly string[],
  keys: readonly SignerKey[],
): Promise<ProofReport> {
  const computed = await leafHash(leafText(entry));
  const leaf = {
    ok: equal(computed, fromBase64(storedLeafHash)),
    computed: toBase64(computed),
    stored: storedLeafHash,
  };
  const parsed = parseCheckpointNote(note);
  const signature = await checkNoteSignature(note, keys);
  const treeSize = parsed?.treeSize ?? 0;
  const signedRoot = parsed?.rootHash ?? '';
  // The root is reached from the leaf hash rebuilt here, not from the one the server stored.
  const root = parsed ? await rootFromInclusion(entry.seq, treeSize, computed, proof.map(fromBase64)) : null;
  const inclusion = {
    ok: root !== null && equal(root, fromBase64(signedRoot)),
    computedRoot: root ? toBase64(root) : null,
    signedRoot,
    treeSize,
  };
  return { leaf, signature, inclusion, ok: leaf.ok && signature.ok && inclusion.ok };
}
