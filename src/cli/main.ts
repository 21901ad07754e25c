#!/usr/bin/env node
import { Command } from 'commander';
import { ConfigError } from '../config.js';
import { isDomainError } from '../shared/errors.js';
import { registerAgency } from './commands/agency.js';
import { registerAudit } from './commands/audit.js';
import { registerClean } from './commands/clean.js';
import { registerEvents } from './commands/events.js';
import { registerMigrate } from './commands/migrate.js';
import { registerOperator } from './commands/operator.js';
import { registerPerson } from './commands/person.js';
import { registerSeed } from './commands/seed.js';
import { registerStart } from './commands/start.js';
import { registerSynth } from './commands/synth.js';
import { registerUnits } from './commands/units.js';

/**
 * `dancu` — the command line. Each command lives in `commands/<name>.ts` and is
 * registered here; commands call module services, never tables.
 */
const program = new Command()
  .name('dancu')
  .description(
    'Dancu, the national population-data platform.\n\nConfiguration comes from the environment: DATABASE_URL (PostgreSQL; unset = embedded PGlite in DANCU_DATA_DIR, default ./data), PORT, HOST, LOG_LEVEL. See README.md.',
  )
  .showHelpAfterError();

registerStart(program);
registerMigrate(program);
registerAudit(program);
registerAgency(program);
registerEvents(program);
registerOperator(program);
registerPerson(program);
registerUnits(program);
registerSeed(program);
registerSynth(program);
registerClean(program);

program.parseAsync(process.argv).catch((e: unknown) => {
  if (isDomainError(e)) {
    console.error(`error ${e.code}: ${e.message}`);
    for (const d of e.details ?? []) console.error(`  ${d.field}: ${d.message}`);
  } else if (e instanceof ConfigError) {
    console.error(`configuration error: ${e.message}`);
  } else {
    console.error(e instanceof Error ? (process.env.DEBUG ? e.stack : `error: ${e.message}`) : e);
  }
  process.exit(1);
});
