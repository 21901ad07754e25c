import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import {
  type AuditProblem,
  createCheckpoint,
  entryLeafHash,
  getEntry,
  inclusionProofOf,
  latestCheckpoint,
  loadSigner,
  noteSignedBy,
  parseNote,
  parseVkey,
  publicKeys,
  verifyAuditLog,
  verifyInclusion,
} from '../../audit/index.js';
import { loadConfig } from '../../config.js';
import type { Db } from '../../db/index.js';
import { openAndMigrate } from '../../server.js';
import { systemActor } from '../../shared/context.js';

type Key = ReturnType<typeof parseVkey>;

/** `dancu audit verify|checkpoint|public-key`: check the audit log for tampering, sign it. */
export function registerAudit(program: Command) {
  const cmd = program.command('audit').description('the tamper-evident audit log of personal-data access');
  cmd
    .command('verify')
    .description(
      'recompute every leaf hash and the Merkle tree, check every signed checkpoint; exit 1 and say what is wrong if anything is',
    )
    .option(
      '--entry <seq>',
      'only prove that entry SEQ is in the latest checkpoint (inclusion proof, checked offline)',
    )
    .option(
      '--checkpoint <file>',
      'also hold the log against this saved checkpoint (note text or the JSON the API serves)',
    )
    .option(
      '--public-key <vkey>',
      'trust only this signer key (repeatable; default: the keys the database lists)',
      collect,
      [],
    )
    .action(async (o: { entry?: string; checkpoint?: string; publicKey: string[] }) => {
      const database = await openAndMigrate(loadConfig());
      try {
        const keys = o.publicKey.length ? o.publicKey.map(parseVkey) : await databaseKeys(database.db);
        const note = o.checkpoint ? readNote(o.checkpoint) : undefined;
        const ok =
          o.entry !== undefined
            ? await verifyEntry(database.db, Number(o.entry), keys, note)
            : await verifyAll(database.db, keys, note, o.publicKey.length === 0);
        if (!ok) process.exitCode = 1;
      } finally {
        await database.close();
      }
    });
  cmd
    .command('checkpoint')
    .description('sign a checkpoint of the log now (key: DANCU_AUDIT_KEY or <data dir>/audit-key.pem)')
    .action(async () => {
      const config = loadConfig();
      const database = await openAndMigrate(config);
      try {
        const cp = await createCheckpoint(database.db, loadSigner({ dataDir: config.dataDir }));
        process.stdout.write(cp.note);
      } finally {
        await database.close();
      }
    });
  cmd
    .command('public-key')
    .description("print this log's signer verifier key (what a third party pins with --public-key)")
    .action(async () => {
      const config = loadConfig();
      console.log(loadSigner({ dataDir: config.dataDir }).vkey);
    });
}

const collect = (v: string, acc: string[]) => [...acc, v];

async function databaseKeys(db: Db): Promise<Key[]> {
  return (await publicKeys(db)).map((k) => parseVkey(k.vkey));
}

function readNote(file: string): string {
  const text = readFileSync(file, 'utf8');
  return text.trimStart().startsWith('{') ? (JSON.parse(text) as { note: string }).note : text;
}

async function verifyAll(db: Db, keys: Key[], note: string | undefined, keysFromDb: boolean) {
  if (keysFromDb) console.log('trusting the signer keys the database lists (pin one with --public-key)');
  let shown = 0;
  const report = await verifyAuditLog(db, {
    trustedKeys: keys,
    ...(note ? { extraNotes: [note] } : {}),
    onProgress: (n) => {
      if (n - shown >= 100_000) {
        shown = n;
        process.stderr.write(`  checked ${n} entries…\n`);
      }
    },
  });
  console.log(
    `${report.entries} entries, ${report.checkpoints} checkpoints, root ${report.root ?? '— (entries missing)'}`,
  );
  if (report.problems.length === 0) {
    console.log('audit log OK: every entry matches its hash and every checkpoint');
    return true;
  }
  console.error(`audit log TAMPERED: ${report.problems.length} problem(s)`);
  const byKind = new Map<string, AuditProblem[]>();
  for (const p of report.problems) byKind.set(p.kind, [...(byKind.get(p.kind) ?? []), p]);
  for (const [kind, ps] of byKind) {
    for (const p of ps.slice(0, 50)) console.error(`  ${kind}: ${p.message}`);
    if (ps.length > 50) console.error(`  … and ${ps.length - 50} more ${kind}`);
  }
  return false;
}

async function verifyEntry(db: Db, seq: number, keys: Key[], note: string | undefined) {
  const cpNote = note ?? (await latestCheckpoint(db)).note;
  const { fields } = parseNote(cpNote);
  if (!keys.some((k) => noteSignedBy(cpNote, k.name, k.publicKey))) {
    console.error(`checkpoint at size ${fields.treeSize} is not signed by a trusted key`);
    return false;
  }
  if (!Number.isSafeInteger(seq) || seq < 0 || seq >= fields.treeSize) {
    console.error(
      `entry ${seq} is not covered by the checkpoint (size ${fields.treeSize}); run "dancu audit checkpoint"`,
    );
    return false;
  }
  const entry = await getEntry(db, systemActor('cli'), seq);
  const leaf = entryLeafHash(seq, entry);
  if (leaf.toString('base64') !== entry.leafHash) {
    console.error(`entry ${seq} was changed: its fields no longer match its leaf hash`);
    return false;
  }
  const proof = await inclusionProofOf(db, seq, fields.treeSize);
  if (!verifyInclusion(leaf, seq, fields.treeSize, proof, fields.rootHash)) {
    console.error(`entry ${seq} is NOT in the signed tree of size ${fields.treeSize}: the log was altered`);
    return false;
  }
  console.log(
    `entry ${seq} (${entry.action} by ${entry.actorId} at ${entry.recordedAt}) is in the signed tree of size ${fields.treeSize}, root ${fields.rootHash.toString('base64')} (${proof.length}-hash proof)`,
  );
  return true;
}
