import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { loadConfig } from '../../config.js';
import type { Database } from '../../db/index.js';
import {
  type AgencyKind,
  addAgency,
  addClient,
  grantPurpose,
  listAgencies,
  listClients,
  replaceClientKeys,
} from '../../exchange/index.js';
import { openAndMigrate } from '../../server.js';
import { systemActor } from '../../shared/context.js';

const actor = systemActor('cli');

async function withDatabase(fn: (database: Database) => Promise<void>) {
  const database = await openAndMigrate(loadConfig());
  try {
    await fn(database);
  } finally {
    await database.close();
  }
}

/** A JWKS file ({"keys": [...]}) or a single public JWK file. */
function readJwks(file: string): unknown {
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as { keys?: unknown[] };
  return Array.isArray(parsed.keys) ? parsed : { keys: [parsed] };
}

/** `dancu agency …`: onboard member agencies, their clients, keys and purposes. */
export function registerAgency(program: Command) {
  const cmd = program
    .command('agency')
    .description('member agencies, their OAuth clients, keys and purposes');
  cmd
    .command('add')
    .description('register an agency')
    .requiredOption('--code <code>', 'short stable code, e.g. vietcombank')
    .requiredOption('--name <text>', 'name, e.g. "Ngân hàng TMCP Ngoại thương Việt Nam"')
    .requiredOption('--kind <kind>', 'ministry, province, hospital, bank, insurer or other')
    .option('--unit <code>', 'administrative unit code (provinces, communes)')
    .action((o: { code: string; name: string; kind: string; unit?: string }) =>
      withDatabase(async (database) => {
        const a = await addAgency(database, actor, {
          code: o.code,
          name: o.name,
          kind: o.kind as AgencyKind,
          unitCode: o.unit,
        });
        console.log(`created agency ${a.code} (${a.kind}) id ${a.id}`);
      }),
    );
  const client = cmd.command('client').description('OAuth clients of an agency');
  client
    .command('add AGENCY')
    .description('register a client (private_key_jwt) with its public keys; prints the client_id')
    .requiredOption('--name <text>', 'what system this is, e.g. "core banking"')
    .requiredOption('--jwks <file>', 'JWKS (or one JWK) with the PUBLIC key(s)')
    .action((agency: string, o: { name: string; jwks: string }) =>
      withDatabase(async (database) => {
        const c = await addClient(database, actor, agency, { name: o.name, jwks: readJwks(o.jwks) });
        console.log(c.clientId);
      }),
    );
  cmd
    .command('grant CLIENT PURPOSE')
    .description('grant a purpose (e.g. bank.customer_verification) to a client')
    .option(
      '--units <codes>',
      'only in these units, comma-separated province or commune codes (default: everywhere)',
    )
    .action((clientId: string, purpose: string, o: { units?: string }) =>
      withDatabase(async (database) => {
        const units = (o.units ?? '')
          .split(',')
          .map((u) => u.trim())
          .filter(Boolean);
        const c = await grantPurpose(database, actor, clientId, purpose, units);
        console.log(
          `${c.clientId}: ${c.grants.map((g) => (g.unitCodes.length ? `${g.purpose} (${g.unitCodes.join(', ')})` : g.purpose)).join(', ')}`,
        );
      }),
    );
  cmd
    .command('keys CLIENT')
    .description('replace the public keys of a client (rotation: add new + old, switch, then new only)')
    .requiredOption('--jwks <file>', 'JWKS with the PUBLIC key(s) to keep')
    .action((clientId: string, o: { jwks: string }) =>
      withDatabase(async (database) => {
        const c = await replaceClientKeys(database, actor, clientId, readJwks(o.jwks));
        console.log(`${c.clientId}: keys ${c.keyIds.join(', ')}`);
      }),
    );
  cmd
    .command('list')
    .description('list agencies with their clients and purposes')
    .action(() =>
      withDatabase(async (database) => {
        for (const a of await listAgencies(database, actor)) {
          console.log(`${a.code.padEnd(20)} ${a.kind.padEnd(9)} ${a.status.padEnd(9)} ${a.name}`);
          for (const c of await listClients(database, actor, a.id))
            console.log(`  ${c.clientId.padEnd(30)} ${c.status.padEnd(9)} ${c.purposes.join(', ') || '—'}`);
        }
      }),
    );
}
