import type { Database } from '../db/index.js';
import {
  type DeliveryGate,
  type GateDecision,
  type GatedDelivery,
  type GatedSubscription,
  setDeliveryGate,
} from '../events/index.js';
import { getPersonsForVerification } from '../registry/index.js';
import { unitContains } from '../units/index.js';
import { projectFields } from './matching.js';
import { PolicyCache } from './policy.js';
import type { Field, Purpose } from './purposes.js';

/**
 * The exchange's delivery gate (src/events/gate.ts): what an agency's subscription may
 * receive is decided by its purpose and grant as they are NOW (cached 5 s), at fan-out and
 * again before every attempt. A withdrawn grant stops deliveries; an event outside the
 * grant's units is not taken; the payload carries only the purpose's fields.
 */

/** Registry person fields (as in the outbox event's `fields`) → the exchange field they feed. */
const FIELD_OF: Record<string, readonly Field[]> = {
  familyName: ['fullName'],
  middleName: ['fullName'],
  givenName: ['fullName'],
  dateOfBirth: ['dateOfBirth'],
  sex: ['sex'],
  placeOfBirth: ['placeOfBirth'],
  homeTown: ['homeTown'],
  ethnicity: ['ethnicity'],
  nationality: ['nationality'],
  permanentResidence: ['permanentResidence', 'household'],
  temporaryResidence: ['temporaryResidence'],
  status: ['status'],
  dateOfDeath: ['dateOfDeath'],
  cards: ['cardStatus'],
  fatherPid: ['parents'],
  motherPid: ['parents'],
};

/** The data an agency receives for one event (the webhook body's `data`). */
export interface AgencyEventData {
  pid: string;
  type: string;
  effectiveDate: string;
  version?: number;
  /** The event's units that lie within the grant (all of them for a nationwide grant). */
  unitCodes: string[];
  /** What changed, in exchange field names, only those of the purpose. */
  fields: string[];
  /** The person now (as of the first attempt), cut to the subscription's fields; null if unknown. */
  person: Record<string, unknown> | null;
}

/** Does one of `grantUnits` contain `unit`? (Communes in provinces, old and new codes.) */
async function within(database: Database, grantUnits: readonly string[], unit: string) {
  for (const g of grantUnits) if (g === unit || (await unitContains(database.db, g, unit))) return true;
  return false;
}

/** The units of `codes` inside the grant; all of them when the grant is nationwide. */
async function unitsWithin(database: Database, grantUnits: readonly string[], codes: readonly string[]) {
  if (grantUnits.length === 0) return [...codes];
  const out: string[] = [];
  for (const c of codes) if (await within(database, grantUnits, c)) out.push(c);
  return out;
}

/** Cuts prepared data down to `allowed` fields (a purpose narrowed since it was prepared). */
function redact(data: AgencyEventData, allowed: readonly string[]): AgencyEventData {
  const person = data.person
    ? Object.fromEntries(Object.entries(data.person).filter(([k]) => k === 'pid' || allowed.includes(k)))
    : null;
  return { ...data, fields: data.fields.filter((f) => allowed.includes(f)), person };
}

export function exchangeGate(database: Database, policy = new PolicyCache(database)): DeliveryGate {
  /** The purpose and grant behind a subscription now, or why it may receive nothing. */
  const standing = async (
    s: GatedSubscription,
  ): Promise<{ purpose: Purpose; grantUnits: string[]; allowed: Field[] } | string> => {
    const purpose = await policy.purpose(s.purpose);
    const grant = await policy.grant(s.owner, s.purpose);
    if (!purpose || !grant) return `purpose ${s.purpose} is not granted to client ${s.owner}`;
    if (!purpose.operations.includes('subscribe')) return `purpose ${s.purpose} does not allow subscribe`;
    const allowed = s.fields.filter((f): f is Field => purpose.fields.includes(f as Field));
    return { purpose, grantUnits: grant.unitCodes, allowed };
  };

  /** Within the purpose's event types, the grant's units and the subscription's units? */
  const inScope = async (
    s: GatedSubscription,
    st: { purpose: Purpose; grantUnits: string[] },
    e: { type: string; unitCodes: readonly string[] },
  ) => {
    if (!st.purpose.eventTypes.includes(e.type as Purpose['eventTypes'][number])) return false;
    const inGrant = await unitsWithin(database, st.grantUnits, e.unitCodes);
    if (inGrant.length === 0) return false;
    return (await unitsWithin(database, s.unitCodes, inGrant)).length > 0;
  };

  return {
    async select(s, events) {
      const st = await standing(s);
      if (typeof st === 'string') return events.map(() => false);
      const out: boolean[] = [];
      for (const e of events) out.push(await inScope(s, st, e));
      return out;
    },

    async prepare(batch: readonly GatedDelivery[]): Promise<GateDecision[]> {
      const fresh = batch.filter((d) => d.prepared === null || d.prepared === undefined);
      const { byPid } = await getPersonsForVerification(database, {
        pids: fresh.map((d) => d.event.subject),
      });
      const out: GateDecision[] = [];
      for (const d of batch) {
        const s = d.subscription;
        const st = await standing(s);
        if (typeof st === 'string') {
          out.push({ skip: st });
          continue;
        }
        if (!(await inScope(s, st, d.event))) {
          out.push({ skip: `event outside purpose ${s.purpose} (type or units)` });
          continue;
        }
        const actor = { id: `client:${s.owner}`, kind: 'agency' };
        let data: AgencyEventData;
        if (d.prepared !== null && d.prepared !== undefined) data = d.prepared as AgencyEventData;
        else {
          const payload = d.event.payload as { effectiveDate?: string; version?: number };
          const person = byPid.get(d.event.subject);
          data = {
            pid: d.event.subject,
            type: d.event.type,
            effectiveDate: payload.effectiveDate ?? '',
            ...(payload.version !== undefined ? { version: payload.version } : {}),
            unitCodes: await unitsWithin(database, st.grantUnits, d.event.unitCodes),
            fields: [...new Set(d.event.fields.flatMap((f) => FIELD_OF[f] ?? []))],
            person: person ? projectFields(person, st.allowed) : null,
          };
        }
        const sent = redact(data, st.allowed);
        out.push({ data: sent, fields: sent.person ? st.allowed : [], actor });
      }
      return out;
    },
  };
}

/**
 * Installs the exchange's gate for `database` (once per database and process); purposes
 * and grants are cached `policyTtlMs` (default 5 s), as for requests.
 */
const installed = new WeakSet<Database>();
export function installExchangeGate(database: Database, policyTtlMs?: number): void {
  if (installed.has(database)) return;
  installed.add(database);
  setDeliveryGate(database, exchangeGate(database, new PolicyCache(database, policyTtlMs)));
}
