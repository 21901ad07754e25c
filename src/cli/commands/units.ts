import { readFileSync } from 'node:fs';
import path from 'node:path';
import { type Command, Option } from 'commander';
import { loadConfig } from '../../config.js';
import type { Database } from '../../db/index.js';
import { openAndMigrate } from '../../server.js';
import { badRequest } from '../../shared/errors.js';
import {
  importMapping,
  importUnitList,
  listUnits,
  listVersions,
  type MappingImportSummary,
  measureAccuracy,
  parseAddress,
  type UnitEra,
  type UnitLevel,
} from '../../units/index.js';

async function withDatabase<T>(fn: (database: Database) => Promise<T>): Promise<T> {
  const database = await openAndMigrate(loadConfig());
  try {
    return await fn(database);
  } finally {
    await database.close();
  }
}

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    throw badRequest('units.file_unreadable', `Cannot read ${file}: ${(e as Error).message}`);
  }
}

const progress = (what: string) => (done: number, total: number) => {
  process.stderr.write(`\r${what}: ${done}/${total} rows`);
  if (done >= total) process.stderr.write('\n');
};

function printMapping(s: MappingImportSummary) {
  const k = s.skipped;
  console.log(
    `mapping ${s.source}: ${s.rows} rows; ${s.loaded} pairs loaded, ${s.alreadyPresent} already present`,
  );
  console.log(
    `  skipped: ${k.nullOldCode} null old code, ${k.emptyOldCode} empty old code, ${k.unknownOldCode} old code not a pre2025 commune, ${k.unknownNewCode} new code not a 2025 commune, ${k.duplicate} duplicate, ${k.malformed} malformed`,
  );
}

const isMappingFile = (text: string) => /"ward_mappings"/.test(text.slice(0, 2_000_000));

/** `dancu units …`: import official lists and the old → new mapping, parse addresses, list units. */
export function registerUnits(program: Command) {
  const units = program.command('units').description('administrative units: import lists, parse addresses');

  units
    .command('import')
    .description(
      'import a full official unit list (pre-2025 "simplified" or 2025 "full" JSON) and/or the old → new commune mapping; idempotent',
    )
    .argument('[file]', 'unit list JSON (a mapping file given here is imported as the mapping)')
    .addOption(new Option('--era <era>', 'expected era of FILE').choices(['pre2025', '2025']))
    .option('--mapping <file>', 'old → new commune mapping (address.json with ward_mappings)')
    .option('--legal-basis <text>', 'legal basis to record with the list version')
    .option('--in-force <date>', 'date the list is in force (YYYY-MM-DD)')
    .action(async (file: string | undefined, opts: Record<string, string | undefined>) => {
      if (!file && !opts.mapping)
        throw badRequest('units.no_file', 'Give a unit list FILE and/or --mapping FILE');
      if (opts.inForce && !/^\d{4}-\d{2}-\d{2}$/.test(opts.inForce))
        throw badRequest('units.invalid_date', '--in-force must be YYYY-MM-DD');
      await withDatabase(async ({ db }) => {
        let mappingFile = opts.mapping;
        if (file) {
          const text = readText(file);
          if (isMappingFile(text) && !mappingFile) mappingFile = file;
          else {
            const s = await importUnitList(db, {
              text,
              source: path.basename(file),
              ...(opts.era ? { era: opts.era as UnitEra } : {}),
              ...(opts.legalBasis ? { legalBasis: opts.legalBasis } : {}),
              ...(opts.inForce ? { inForce: opts.inForce } : {}),
              onProgress: progress(`importing ${path.basename(file)}`),
            });
            console.log(
              `${s.era} list ${s.source} (version ${s.versionId}${s.newVersion ? ', new' : ', seen before'}): ${s.provinces} provinces, ${s.districts} districts, ${s.communes} communes; ${s.written} rows written${s.notInFile ? `; ${s.notInFile} units in the database are not in this file (kept)` : ''}`,
            );
          }
        }
        if (mappingFile) {
          const s = await importMapping(db, {
            text: readText(mappingFile),
            source: path.basename(mappingFile),
            onProgress: progress(`importing ${path.basename(mappingFile)}`),
          });
          printMapping(s);
        }
      });
    });

  units
    .command('parse')
    .description('parse a free-text address into unit codes, best reading first')
    .argument('<text>', 'the address, e.g. "P. Bến Nghé, Q.1, TP.HCM"')
    .action(async (text: string) => {
      await withDatabase(async ({ db }) => {
        const matches = await parseAddress(db, text);
        if (matches.length === 0) console.log('no unit recognised');
        for (const m of matches.slice(0, 5)) {
          const codes = [m.communeCode, m.districtCode, m.provinceCode].filter(Boolean).join(' < ');
          console.log(
            `${m.confidence.toFixed(2)}  ${m.era.padEnd(7)}  ${codes.padEnd(20)} ${m.unit.fullName}${m.rest ? `  | rest: ${m.rest}` : ''}`,
          );
        }
      });
    });

  units
    .command('versions')
    .description('the unit lists recorded in the database')
    .action(async () => {
      await withDatabase(async ({ db }) => {
        for (const v of await listVersions(db)) {
          const c = v.counts;
          console.log(
            `${String(v.id).padStart(3)} ${v.era.padEnd(7)} ${v.source.padEnd(40)} in force ${v.inForce ?? '?'}  ${c.provinces}/${c.districts}/${c.communes}  ${v.legalBasis ?? ''}`,
          );
        }
      });
    });

  units
    .command('accuracy')
    .description('measure the address parser on the imported lists (every commune written two ways)')
    .action(async () => {
      await withDatabase(async ({ db }) => {
        for (const [k, v] of Object.entries(await measureAccuracy(db)))
          console.log(
            `${k.padEnd(26)} ${v.units} communes: top-1 ${(v.top1 * 100).toFixed(2)}%, top-1 or tied ${(v.top1OrTied * 100).toFixed(2)}%`,
          );
      });
    });

  units
    .command('list')
    .description('list units of one era')
    .addOption(new Option('--era <era>').choices(['pre2025', '2025']).default('2025'))
    .addOption(new Option('--level <level>').choices(['province', 'district', 'commune']))
    .option('--parent <code>', 'only the children of this unit')
    .option('--q <text>', 'name contains')
    .action(async (opts: Record<string, string | undefined>) => {
      await withDatabase(async ({ db }) => {
        const list = await listUnits(db, {
          era: opts.era as UnitEra,
          ...(opts.level ? { level: opts.level as UnitLevel } : {}),
          ...(opts.parent ? { parentCode: opts.parent } : {}),
          ...(opts.q ? { q: opts.q } : {}),
        });
        for (const u of list) console.log(`${u.code}\t${u.level}\t${u.fullName}`);
        console.error(`${list.length} units`);
      });
    });
}
