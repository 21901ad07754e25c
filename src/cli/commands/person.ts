import type { Command } from 'commander';
import { loadConfig } from '../../config.js';
import { getPerson, search } from '../../registry/index.js';
import { openAndMigrate } from '../../server.js';
import { systemActor } from '../../shared/context.js';

const limitOf = (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > 100)
    throw new Error('--limit must be a whole number from 1 to 100');
  return n;
};

/** Pads each column of `rows` to its widest cell. */
function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => [...(r[i] ?? '')].length)));
  return rows
    .map((r) =>
      r
        .map((c, i) => c + ' '.repeat(widths[i]! - [...c].length))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** `dancu person get PID [--json]` and `dancu person search QUERY [--dob] [--unit] [--limit]`. */
export function registerPerson(program: Command) {
  const person = program.command('person').description('look up persons in the registry');
  person
    .command('get')
    .argument('<pid>', '12-digit personal ID number')
    .option('--json', 'print the whole record as JSON', false)
    .description('show a person as registered now')
    .action(async (pid: string, opts: { json: boolean }) => {
      const database = await openAndMigrate(loadConfig());
      try {
        const p = await getPerson(database, systemActor('cli'), pid);
        if (opts.json) return console.log(JSON.stringify(p, null, 2));
        const perm = p.permanentResidence;
        const lines: [string, string | undefined][] = [
          ['ID number', p.pid],
          ['Name', p.fullName],
          ['Sex', p.sex],
          ['Born', `${p.dateOfBirth} in ${p.placeOfBirth.text ?? p.placeOfBirth.unitCode}`],
          ['Status', p.dateOfDeath ? `${p.status} (${p.dateOfDeath})` : p.status],
          ['Old IDs', p.oldIds.join(', ') || undefined],
          [
            'Permanent',
            perm
              ? `${[perm.addressLine, perm.unitName ?? perm.unitCode].filter(Boolean).join(', ')} since ${perm.since}${perm.householdId ? ` (household ${perm.householdId}, ${perm.relationToHead})` : ''}`
              : undefined,
          ],
          [
            'Temporary',
            p.temporaryResidence
              ? `${p.temporaryResidence.unitName ?? p.temporaryResidence.unitCode} until ${p.temporaryResidence.until}`
              : undefined,
          ],
          [
            'Cards',
            p.cards.map((c) => `${c.issuedOn}→${c.expiresOn ?? 'life'} ${c.status}`).join('; ') || undefined,
          ],
          ['Version', String(p.version)],
        ];
        console.log(table(lines.filter((l): l is [string, string] => l[1] !== undefined)));
      } finally {
        await database.close();
      }
    });
  person
    .command('search')
    .argument('<query>', 'ID number (12 digits), old ID (9 digits) or name, diacritics optional')
    .option('--dob <date>', 'date of birth: YYYY, YYYY-MM or YYYY-MM-DD')
    .option('--unit <code>', 'unit code of permanent residence')
    .option('--limit <n>', 'at most this many (1–100)', limitOf, 20)
    .description('find persons')
    .action(async (query: string, opts: { dob?: string; unit?: string; limit: number }) => {
      const database = await openAndMigrate(loadConfig());
      try {
        const res = await search(database, systemActor('cli'), {
          q: query,
          dob: opts.dob,
          unit: opts.unit,
          limit: opts.limit,
        });
        if (res.items.length === 0) return console.log('no match');
        const rows = res.items.map((p) => [
          p.pid,
          p.fullName,
          p.sex,
          p.dateOfBirth,
          p.status,
          p.permanentUnitName ?? p.permanentUnitCode ?? '',
        ]);
        console.log(table([['PID', 'NAME', 'SEX', 'BORN', 'STATUS', 'PERMANENT RESIDENCE'], ...rows]));
        if (res.next) console.log(`… more; narrow the query or raise --limit`);
      } finally {
        await database.close();
      }
    });
}
