import type { Command } from 'commander';
import { loadConfig } from '../../config.js';
import { openDatabase } from '../../db/index.js';
import { migrate } from '../../db/migrate.js';
import { migrationSources } from '../../migrations.js';

export function registerMigrate(program: Command) {
  program
    .command('migrate')
    .description('apply pending database migrations (also done by `dancu start`)')
    .action(async () => {
      const config = loadConfig();
      const database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
      try {
        const applied = await migrate(database, migrationSources);
        if (applied.length === 0) console.log('database is up to date');
        for (const m of applied) console.log(`applied ${m.module}/${m.name}`);
      } finally {
        await database.close();
      }
    });
}
