import { OUTBOX_TYPES, type OutboxType } from '../events/index.js';

/** What a purpose may allow: operations and the fields an agency may see. */
export const OPERATIONS = ['verify', 'lookup', 'bulk_verify', 'subscribe'] as const;
export type Operation = (typeof OPERATIONS)[number];

export const FIELDS = [
  'fullName',
  'dateOfBirth',
  'sex',
  'placeOfBirth',
  'homeTown',
  'ethnicity',
  'nationality',
  'permanentResidence',
  'temporaryResidence',
  'status',
  'dateOfDeath',
  'cardStatus',
  'parents',
  'household',
] as const;
export type Field = (typeof FIELDS)[number];

/** Change events a subscribe purpose may name (the outbox types). */
export const EVENT_TYPES = OUTBOX_TYPES;
export type EventType = OutboxType;

/** The audience (resource indicator) of access tokens for the exchange API. */
export const EXCHANGE_RESOURCE = 'urn:dancu:exchange';

/** A purpose as the services see it. */
export interface Purpose {
  code: string;
  titleVi: string;
  titleEn: string;
  legalBasis: string;
  documentNumber: string;
  operations: Operation[];
  fields: Field[];
  /** With `subscribe`: the change events it may receive (empty otherwise). */
  eventTypes: EventType[];
}
