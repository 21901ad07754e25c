// events: change events for the outbox (issue #4 part 5). The registry's side of the
// contract with src/events: which registry event is which outbox event.
import type { OutboxEventInput, OutboxType } from '../events/index.js';
import {
  applyEvent,
  type EventType,
  type PersonState,
  type RegistryEvent,
  type ResidenceState,
} from './fold.js';

const OUTBOX_TYPE: Record<EventType, OutboxType> = {
  birth_registered: 'person.born',
  death_registered: 'person.died',
  residence_registered: 'person.moved',
  residence_ended: 'person.moved',
  details_corrected: 'person.corrected',
  old_id_linked: 'person.corrected',
  marriage_registered: 'person.corrected',
  card_issued: 'card.changed',
  card_status_changed: 'card.changed',
};

const unitsOfResidence = (r: ResidenceState | undefined) => (r ? [r.unitCode, r.provinceCode ?? ''] : []);

/** Residence units (and their provinces) of a person; for a birth also the place of birth. */
const unitsOf = (s: PersonState | undefined, birth: boolean): string[] =>
  s
    ? [
        ...unitsOfResidence(s.permanentResidence),
        ...unitsOfResidence(s.temporaryResidence),
        ...(birth ? [s.placeOfBirth.unitCode] : []),
      ]
    : [];

/** Top-level fields of the person state that differ between before and after. */
function changedFields(before: PersonState | undefined, after: PersonState): string[] {
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after)]);
  const b = (before ?? {}) as unknown as Record<string, unknown>;
  const a = after as unknown as Record<string, unknown>;
  return [...keys].filter((k) => JSON.stringify(b[k]) !== JSON.stringify(a[k])).sort();
}

/** The outbox event of one registry event: its type, the units before and after, what changed. */
export function outboxEventOf(
  type: EventType,
  before: PersonState | undefined,
  after: PersonState,
  meta: { effectiveDate: string; recordedAt: string; version: number },
): OutboxEventInput {
  const birth = type === 'birth_registered';
  return {
    type: OUTBOX_TYPE[type],
    subject: after.pid,
    unitCodes: [...unitsOf(before, false), ...unitsOf(after, birth)],
    fields: changedFields(before, after),
    effectiveDate: meta.effectiveDate,
    occurredAt: meta.recordedAt,
    version: meta.version,
  };
}

/** The outbox events of a person's history folded in memory (the bulk path). */
export function outboxEventsOfHistory(events: readonly RegistryEvent[]): OutboxEventInput[] {
  let s: PersonState | undefined;
  return events.map((e) => {
    const before = s;
    s = applyEvent(s, e);
    return outboxEventOf(e.type, before, s, {
      effectiveDate: e.effectiveDate,
      recordedAt: e.recordedAt,
      version: e.seq,
    });
  });
}
