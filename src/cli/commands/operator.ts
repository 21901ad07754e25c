import { randomBytes } from 'node:crypto';
import type { Command } from 'commander';
import { loadConfig } from '../../config.js';
import { addOperator, listOperators } from '../../operators/index.js';
import { openAndMigrate } from '../../server.js';
import type { Role } from '../../shared/context.js';
import { systemActor } from '../../shared/context.js';

export function registerOperator(program: Command) {
  const cmd = program.command('operator').description('manage console/API operator accounts');
  cmd
    .command('add USERNAME')
    .description('create an operator; clerks may write only in the units given')
    .option('--name <text>', 'display name (default: the username)')
    .option('--role <role>', 'admin, clerk or viewer (repeatable)', collect, [])
    .option('--units <codes>', 'comma-separated unit codes a clerk may write in, e.g. 01,79')
    .option('--password <text>', 'password (default: generated and printed)')
    .action(
      async (username: string, o: { name?: string; role: string[]; units?: string; password?: string }) => {
        const database = await openAndMigrate(loadConfig());
        try {
          const password = o.password ?? randomBytes(9).toString('base64url');
          const roles = (o.role.length ? o.role : ['clerk']) as Role[];
          const units = o.units ? o.units.split(',').map((u) => u.trim()) : [];
          const op = await addOperator(database.db, systemActor('cli'), {
            username,
            displayName: o.name ?? username,
            password,
            roles,
            units,
          });
          console.log(
            `created ${op.username} (${op.roles.join(', ')}${units.length ? `; units ${units.join(', ')}` : ''})`,
          );
          if (!o.password) console.log(`password: ${password}`);
        } finally {
          await database.close();
        }
      },
    );
  cmd
    .command('list')
    .description('list operator accounts')
    .action(async () => {
      const database = await openAndMigrate(loadConfig());
      try {
        for (const op of await listOperators(database.db, systemActor('cli'))) {
          console.log(
            `${op.username.padEnd(20)} ${op.roles.join(',').padEnd(14)} ${op.units.join(',') || '—'}`,
          );
        }
      } finally {
        await database.close();
      }
    });
}

const collect = (v: string, acc: string[]) => [...acc, v];
