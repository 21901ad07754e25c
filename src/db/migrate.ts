import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { type Database, sql } from './index.js';

/** A module's migration folder: `src/<module>/migrations/NNN_name.sql`. */
export interface MigrationSource {
  module: string;
  dir: string;
}

export interface AppliedMigration {
  module: string;
  name: string;
}

/**
 * Applies the pending SQL migrations of `sources`, in the order given and by file name
 * within a module. Each migration runs in one transaction together with its bookkeeping
 * row, so a failed migration leaves nothing behind. Safe to call on every start.
 */
export async function migrate(database: Database, sources: readonly MigrationSource[]) {
  await database.execScript(`
    CREATE TABLE IF NOT EXISTS dancu_migrations (
      module text NOT NULL,
      name text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (module, name)
    );`);
  const applied: AppliedMigration[] = [];
  for (const src of sources) {
    const done = new Set(
      (
        await sql<{ name: string }>`SELECT name FROM dancu_migrations WHERE module = ${src.module}`.execute(
          database.db,
        )
      ).rows.map((r) => r.name),
    );
    const files = readdirSync(src.dir)
      .filter((f) => f.endsWith('.sql'))
      .sort();
    for (const file of files) {
      if (done.has(file)) continue;
      const body = readFileSync(path.join(src.dir, file), 'utf8');
      const quote = (s: string) => `'${s.replace(/'/g, "''")}'`;
      await database.execScript(
        `BEGIN;\nSELECT pg_advisory_xact_lock(6006);\n${body}\n;INSERT INTO dancu_migrations (module, name) VALUES (${quote(src.module)}, ${quote(file)});\nCOMMIT;`,
      );
      applied.push({ module: src.module, name: file });
    }
  }
  return applied;
}
