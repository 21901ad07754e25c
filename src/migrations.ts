import { fileURLToPath } from 'node:url';
import type { MigrationSource } from './db/migrate.js';

const here = (module: string) => fileURLToPath(new URL(`./${module}/migrations/`, import.meta.url));

/**
 * Every module that owns tables, in dependency order. A new module adds its line here
 * and its SQL files under `src/<module>/migrations/`.
 */
export const migrationSources: MigrationSource[] = [
  { module: 'units', dir: here('units') },
  { module: 'operators', dir: here('operators') },
  { module: 'audit', dir: here('audit') },
  { module: 'events', dir: here('events') },
  { module: 'registry', dir: here('registry') },
  { module: 'exchange', dir: here('exchange') },
  { module: 'cleaning', dir: here('cleaning') },
];
