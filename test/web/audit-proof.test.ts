import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { type AuditEntry, entryLeafHash, leafText as serverLeafText } from '../../src/audit/leaf.js';
import { inclusionProof, leafHash as serverLeafHash, treeHash } from '../../src/audit/merkle.js';
import { noteBody, signedNote } from '../../src/audit/note.js';
import { testSigner } from '../../src/audit/test-kit.js';
import {
  checkNoteSignature,
  leafText,
  rootFromInclusion,
  verifyEntryProof,
} from '../../web/src/pages/audit/proof.js';

/**
 * The console's in-browser proof check (web/src/pages/audit/proof.ts, WebCrypto only)
 * against the server's own Merkle tree, serialization and checkpoint signer.
 */
const entry = (seq: number): AuditEntry => ({
  seq,
  recordedAt: '2026-11-27T18:06:15.123456Z',
  actorId: 'client:vcb.1a2b3c',
  actorKind: 'agency',
  action: 'person.verify',
  subjectPid: '001190000011',
  purpose: 'bank.customer_verification',
  fields: ['fullName', 'dateOfBirth'],
  outcome: 'ok',
  requestId: `req-${seq}`,
  detail: { operation: 'verify', agency: 'vcb', match: true, note: 'Nguyễn Thị Hoa', z: [1.5, null] },
});

const b64 = (b: Uint8Array) => Buffer.from(b).toString('base64');

describe('audit proof check in the console', () => {
  it('rebuilds the same serialization and leaf hash as the server', async () => {
    const e = entry(41);
    expect(leafText(e)).toBe(serverLeafText(e.seq, e));
    const signer = testSigner();
    const body = noteBody({ origin: signer.name, treeSize: 42, rootHash: randomBytes(32), time: 'x' });
    const note = signedNote(body, signer.name, signer.publicKey, signer.sign(Buffer.from(body)));
    const r = await verifyEntryProof(e, entryLeafHash(e.seq, e).toString('base64'), note, [], []);
    expect(r.leaf).toMatchObject({ ok: true, computed: r.leaf.stored });
  });

  it('reaches the server’s root from every leaf of trees of 1 … 33 leaves', async () => {
    const leaves = Array.from({ length: 33 }, (_, i) => serverLeafHash(Buffer.from(`leaf ${i}`)));
    for (let n = 1; n <= leaves.length; n++) {
      const root = treeHash(leaves, 0, n);
      for (let m = 0; m < n; m++) {
        const proof = inclusionProof(leaves, m, n);
        expect(b64((await rootFromInclusion(m, n, leaves[m]!, proof))!)).toBe(b64(root));
      }
    }
  });

  it('rejects a proof for another position, a short proof, and an index outside the tree', async () => {
    const leaves = Array.from({ length: 13 }, (_, i) => serverLeafHash(Buffer.from(`leaf ${i}`)));
    const root = b64(treeHash(leaves));
    const proof = inclusionProof(leaves, 5);
    const moved = await rootFromInclusion(6, 13, leaves[5]!, proof);
    expect(moved && b64(moved)).not.toBe(root);
    expect(await rootFromInclusion(5, 13, leaves[5]!, proof.slice(1))).toBeNull();
    expect(await rootFromInclusion(13, 13, leaves[5]!, proof)).toBeNull();
  });

  it('checks the checkpoint signature with the signer key, and refuses a changed note or another key', async () => {
    const signer = testSigner();
    const key = { keyId: signer.keyId, name: signer.name, publicKey: signer.publicKey.toString('base64') };
    const body = noteBody({
      origin: signer.name,
      treeSize: 7,
      rootHash: randomBytes(32),
      time: '2026-11-27T00:00:00Z',
    });
    const note = signedNote(body, signer.name, signer.publicKey, signer.sign(Buffer.from(body)));
    expect(await checkNoteSignature(note, [key])).toEqual({ ok: true, keyId: signer.keyId });
    expect((await checkNoteSignature(note.replace('\n7\n', '\n8\n'), [key])).ok).toBe(false);
    const other = testSigner();
    const otherKey = { keyId: other.keyId, name: other.name, publicKey: other.publicKey.toString('base64') };
    expect((await checkNoteSignature(note, [otherKey])).ok).toBe(false);
  });

  it('passes a true entry end to end and fails one whose fields were changed', async () => {
    const entries = Array.from({ length: 6 }, (_, i) => entry(i));
    const leaves = entries.map((e) => entryLeafHash(e.seq, e));
    const signer = testSigner();
    const key = { keyId: signer.keyId, name: signer.name, publicKey: signer.publicKey.toString('base64') };
    const body = noteBody({ origin: signer.name, treeSize: 6, rootHash: treeHash(leaves), time: 't' });
    const note = signedNote(body, signer.name, signer.publicKey, signer.sign(Buffer.from(body)));
    const proof = inclusionProof(leaves, 3).map(b64);
    const good = await verifyEntryProof(entries[3]!, b64(leaves[3]!), note, proof, [key]);
    expect(good).toMatchObject({
      ok: true,
      leaf: { ok: true },
      signature: { ok: true },
      inclusion: { ok: true },
    });
    const changed = { ...entries[3]!, subjectPid: '079085000123' };
    const bad = await verifyEntryProof(changed, b64(leaves[3]!), note, proof, [key]);
    expect(bad).toMatchObject({
      ok: false,
      leaf: { ok: false },
      signature: { ok: true },
      inclusion: { ok: false },
    });
  });
});
