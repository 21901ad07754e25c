import type { Command } from 'commander';
import { loadConfig } from '../../config.js';
import type { Database } from '../../db/index.js';
import { checkReplayRange, deadLetters, listSubscriptions, replay } from '../../events/index.js';
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
      'deliver again every matching event of a range (same event ids; receivers de-duplicate). ' +
        'Bounds are outbox positions (1234) or date-times with a zone (2026-11-27T22:00:00+07:00), both inclusive',
    )
    .requiredOption('--subscription <id>', 'the subscription')
    .requiredOption('--from <time|position>', 'first event: an outbox position or a date-time')
    .option('--to <time|position>', 'last event (inclusive), of the same form as --from; default: up to now')
    .action((o: { subscription: string; from: string; to?: string }) => {
      const range = {
        ...replayBound('from', o.from),
        ...(o.to !== undefined ? replayBound('to', o.to) : {}),
      };
      checkReplayRange(range); // a bad range fails before the database is opened
      return withDatabase(async (database) => {
        const r = await replay(database.db, { subscriptionId: o.subscription, ...range });
        console.log(`${r.requeued} event(s) queued again; a running server (or worker) delivers them`);
      });
    });
}

/**
 * `--from`/`--to` as the replay service takes them: digits are a position, anything else
 * a date-time (checked by the service, which names the field).
 */
export function replayBound(which: 'from' | 'to', raw: string) {
  const v = raw.trim();
  if (/^\d+$/.test(v)) {
    const position = Number(v);
    if (!Number.isSafeInteger(position)) throw new Error(`--${which} ${v} is not a valid outbox position`);
    return which === 'from' ? { fromPosition: position } : { toPosition: position };
  }
  if (v.startsWith('-')) throw new Error(`--${which} must be a position ≥ 0 or a date-time, got "${raw}"`);
  return which === 'from' ? { fromTime: v } : { toTime: v };
}
