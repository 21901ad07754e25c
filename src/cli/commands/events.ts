import type { Command } from 'commander';
import { loadConfig } from '../../config.js';
import type { Database } from '../../db/index.js';
import { deadLetters, listSubscriptions, replay } from '../../events/index.js';
import { openAndMigrate } from '../../server.js';

async function withDatabase(work: (database: Database) => Promise<void>) {
  const database = await openAndMigrate(loadConfig());
  try {
    await work(database);
  } finally {
    await database.close();
  }
}

/** `dancu events subscriptions|dead-letters|replay`: operate webhook deliveries. */
export function registerEvents(program: Command) {
  const cmd = program.command('events').description('change events: subscriptions, dead letters, replay');
  cmd
    .command('subscriptions')
    .description('list webhook subscriptions')
    .option('--owner <owner>', 'only those of this owner (client id)')
    .action((o: { owner?: string }) =>
      withDatabase(async (database) => {
        const subs = await listSubscriptions(database.db, o.owner);
        if (subs.length === 0) console.log('no subscriptions');
        for (const s of subs)
          console.log(
            `${s.id}  ${s.active ? 'active  ' : 'inactive'}  owner=${s.owner}  types=${s.eventTypes.join(',') || 'all'}  units=${s.unitCodes.join(',') || 'all'}  last delivered=${s.lastDeliveredPosition ?? '—'}  ${s.callbackUrl}`,
          );
      }),
    );
  cmd
    .command('dead-letters')
    .description('deliveries given up after the last attempt')
    .option('--subscription <id>', 'only this subscription')
    .action((o: { subscription?: string }) =>
      withDatabase(async (database) => {
        const dead = await deadLetters(database.db, {
          ...(o.subscription ? { subscriptionId: o.subscription } : {}),
          limit: 1000,
        });
        if (dead.length === 0) console.log('no dead letters');
        for (const d of dead)
          console.log(
            `${d.subscriptionId}  position ${d.position}  ${d.type}  event ${d.eventId}  ${d.attempts} attempts  last: ${d.lastError ?? d.lastStatus ?? '—'} at ${d.lastAttemptAt ?? '—'}`,
          );
      }),
    );
  cmd
    .command('replay')
    .description(
      'deliver again every matching event from a position on (same event ids; receivers de-duplicate)',
    )
    .requiredOption('--subscription <id>', 'the subscription')
    .requiredOption('--from <position>', 'first outbox position to deliver again')
    .action((o: { subscription: string; from: string }) =>
      withDatabase(async (database) => {
        const from = Number(o.from);
        if (!Number.isSafeInteger(from) || from < 0) throw new Error('--from must be a whole number ≥ 0');
        const r = await replay(database.db, { subscriptionId: o.subscription, fromPosition: from });
        console.log(`${r.requeued} event(s) queued again; a running server (or worker) delivers them`);
      }),
    );
}
