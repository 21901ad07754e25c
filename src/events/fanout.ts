import type { Db } from '../db/index.js';
import * as deliveries from './deliveries.repo.js';
import * as repo from './events.repo.js';

const WINDOW = 500;

/**
 * Takes new outbox events into each active subscription's delivery queue (the ones its
 * type and unit filters match) and moves its cursor past them. Each subscription is
 * locked (SKIP LOCKED) while one worker does this, so workers share the work. Returns
 * the number of outbox rows walked.
 */
export async function fanOut(db: Db): Promise<number> {
  if (!(await repo.anyNewForSubscriptions(db))) return 0;
  return db.transaction().execute(async (trx) => {
    let walked = 0;
    for (const s of await deliveries.lockActiveSubscriptionsTx(trx)) {
      const rows = await repo.outboxAfter(trx, { tx: s.cursor_tx, position: s.cursor_position }, WINDOW);
      if (rows.length === 0) continue;
      const wanted = rows.filter(
        (r) =>
          (s.event_types.length === 0 || s.event_types.includes(r.type)) &&
          (s.unit_codes.length === 0 || r.unit_codes.some((u) => s.unit_codes.includes(u))),
      );
      await deliveries.insertDeliveriesTx(
        trx,
        wanted.map((r) => ({ subscription_id: s.id, position: r.position, tx: r.tx })),
      );
      const last = rows.at(-1)!;
      await deliveries.moveSubscriptionCursorTx(trx, s.id, { tx: last.tx, position: last.position });
      walked += rows.length;
    }
    return walked;
  });
}
