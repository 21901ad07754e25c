import type { Db } from '../db/index.js';
import * as deliveries from './deliveries.repo.js';
import * as repo from './events.repo.js';
import type { DeliveryGate } from './gate.js';

const WINDOW = 500;

type Sub = Awaited<ReturnType<typeof deliveries.activePurposeSubscriptions>>[number];
type Row = Awaited<ReturnType<typeof repo.outboxAfter>>[number];

const typeOk = (s: { event_types: string[] }, r: Row) =>
  s.event_types.length === 0 || s.event_types.includes(r.type);

/**
 * The gate's choice for each purpose-bound subscription over the rows after its cursor:
 * position → taken or not. Asked OUTSIDE the fan-out transaction, because the gate reads
 * other modules (policy, units, registry) — on PGlite's single connection a query from
 * inside the transaction's callback would wait for the transaction forever.
 */
async function gateChoices(db: Db, gate: DeliveryGate): Promise<Map<string, Map<number, boolean>>> {
  const choices = new Map<string, Map<number, boolean>>();
  for (const s of await deliveries.activePurposeSubscriptions(db)) {
    const rows = await repo.outboxAfter(db, { tx: s.cursor_tx, position: s.cursor_position }, WINDOW);
    if (rows.length === 0) continue;
    const candidates = rows.filter((r) => typeOk(s, r));
    const take = await gate.select(gated(s), candidates.map(selectView));
    const chosen = new Map(rows.map((r) => [r.position, false]));
    for (const [i, r] of candidates.entries()) chosen.set(r.position, take[i] === true);
    choices.set(s.id, chosen);
  }
  return choices;
}

const gated = (s: Sub) => ({
  id: s.id,
  owner: s.owner,
  purpose: s.purpose as string,
  fields: s.fields ?? [],
  eventTypes: s.event_types,
  unitCodes: s.unit_codes,
});
const selectView = (r: Row) => ({ position: r.position, type: r.type, unitCodes: r.unit_codes });

/**
 * Takes new outbox events into each active subscription's delivery queue (the ones its
 * type and unit filters match — for a purpose-bound subscription, the ones the delivery
 * gate selects) and moves its cursor past them. Each subscription is locked (SKIP LOCKED)
 * while one worker does this, so workers share the work. Without a gate, purpose-bound
 * subscriptions are left for a worker that has one. Returns the number of outbox rows walked.
 */
export async function fanOut(db: Db, gate?: DeliveryGate): Promise<number> {
  if (!(await repo.anyNewForSubscriptions(db))) return 0;
  const choices = gate ? await gateChoices(db, gate) : new Map<string, Map<number, boolean>>();
  return db.transaction().execute(async (trx) => {
    let walked = 0;
    for (const s of await deliveries.lockActiveSubscriptionsTx(trx)) {
      let rows = await repo.outboxAfter(trx, { tx: s.cursor_tx, position: s.cursor_position }, WINDOW);
      let take: Row[];
      if (s.purpose) {
        const chosen = choices.get(s.id);
        if (!chosen) continue; // no gate here, or nothing new when asked
        // Only as far as the gate was asked; newer rows wait for the next round.
        const undecided = rows.findIndex((r) => !chosen.has(r.position));
        if (undecided >= 0) rows = rows.slice(0, undecided);
        take = rows.filter((r) => chosen.get(r.position) === true);
      } else
        take = rows.filter(
          (r) =>
            typeOk(s, r) && (s.unit_codes.length === 0 || r.unit_codes.some((u) => s.unit_codes.includes(u))),
        );
      if (rows.length === 0) continue;
      await deliveries.insertDeliveriesTx(
        trx,
        take.map((r) => ({ subscription_id: s.id, position: r.position, tx: r.tx })),
      );
      const last = rows.at(-1)!;
      await deliveries.moveSubscriptionCursorTx(trx, s.id, { tx: last.tx, position: last.position });
      walked += rows.length;
    }
    return walked;
  });
}
