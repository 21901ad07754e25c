import { type Static, Type } from 'typebox';
import { EventType, NewSubscription, Subscription } from '../events/events.schemas.js';
import { OldId, PartialDate, Pid, Sex } from '../registry/index.js';
import { FIELDS } from './purposes.js';

/** Boundary schemas of the exchange API. */

export const Claims = Type.Object(
  {
    fullName: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    dateOfBirth: Type.Optional(PartialDate),
    sex: Type.Optional(Sex),
    ethnicity: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
    nationality: Type.Optional(Type.String({ pattern: '^[A-Z]{2}$' })),
    status: Type.Optional(Type.Union([Type.Literal('alive'), Type.Literal('deceased')])),
    dateOfDeath: Type.Optional(PartialDate),
  },
  { additionalProperties: false, minProperties: 1 },
);

/** POST /verify, and one line of POST /verify/bulk. Give pid or oldId. */
export const VerifyRequest = Type.Object(
  { pid: Type.Optional(Pid), oldId: Type.Optional(OldId), claims: Claims },
  { additionalProperties: false },
);
export type VerifyRequest = Static<typeof VerifyRequest>;

export const CardStatusAnswer = Type.Union([
  Type.Literal('valid'),
  Type.Literal('expired'),
  Type.Literal('lost'),
  Type.Literal('revoked'),
  Type.Literal('holder_deceased'),
  Type.Literal('unknown'),
]);

export const VerifyAnswer = Type.Object({
  match: Type.Boolean({ description: 'true when every given claim matches' }),
  claims: Type.Record(Type.String(), Type.Boolean()),
  cardStatus: Type.Optional(CardStatusAnswer),
});

export const Operation = Type.Union([
  Type.Literal('verify'),
  Type.Literal('lookup'),
  Type.Literal('bulk_verify'),
  Type.Literal('subscribe'),
]);
export const Field = Type.Union([
  Type.Literal('fullName'),
  Type.Literal('dateOfBirth'),
  Type.Literal('sex'),
  Type.Literal('placeOfBirth'),
  Type.Literal('homeTown'),
  Type.Literal('ethnicity'),
  Type.Literal('nationality'),
  Type.Literal('permanentResidence'),
  Type.Literal('temporaryResidence'),
  Type.Literal('status'),
  Type.Literal('dateOfDeath'),
  Type.Literal('cardStatus'),
  Type.Literal('parents'),
  Type.Literal('household'),
]);

export const Purpose = Type.Object({
  code: Type.String({ pattern: '^[a-z][a-z0-9_]*(\\.[a-z0-9_]+)+$', maxLength: 100 }),
  titleVi: Type.String({ minLength: 1, maxLength: 200 }),
  titleEn: Type.String({ minLength: 1, maxLength: 200 }),
  legalBasis: Type.String({ minLength: 1, maxLength: 1000 }),
  documentNumber: Type.String({ minLength: 1, maxLength: 100 }),
  operations: Type.Array(Operation, { minItems: 1, maxItems: 4 }),
  fields: Type.Array(Field, { maxItems: FIELDS.length }),
  eventTypes: Type.Optional(
    Type.Array(EventType, {
      maxItems: 5,
      description: 'With subscribe: the change events the purpose may receive',
    }),
  ),
});

export const AgencyInput = Type.Object({
  code: Type.String({
    pattern: '^[a-z0-9][a-z0-9_-]{1,39}$',
    description: 'short stable code, e.g. vietcombank',
  }),
  name: Type.String({ minLength: 1, maxLength: 200 }),
  kind: Type.Union([
    Type.Literal('ministry'),
    Type.Literal('province'),
    Type.Literal('hospital'),
    Type.Literal('bank'),
    Type.Literal('insurer'),
    Type.Literal('other'),
  ]),
  unitCode: Type.Optional(Type.String({ pattern: '^[0-9]{2,5}$' })),
});

export const Agency = Type.Object({
  id: Type.String(),
  code: Type.String(),
  name: Type.String(),
  kind: Type.String(),
  unitCode: Type.Union([Type.String(), Type.Null()]),
  status: Type.String(),
  createdAt: Type.String(),
});

export const Jwks = Type.Object({
  keys: Type.Array(Type.Record(Type.String(), Type.Unknown()), { minItems: 1, maxItems: 10 }),
});

export const ClientInput = Type.Object({ name: Type.String({ minLength: 1, maxLength: 200 }), jwks: Jwks });

export const Client = Type.Object({
  clientId: Type.String(),
  agencyId: Type.String(),
  name: Type.String(),
  status: Type.String(),
  keyIds: Type.Array(Type.String()),
  purposes: Type.Array(Type.String()),
  grants: Type.Array(
    Type.Object({
      purpose: Type.String(),
      unitCodes: Type.Array(Type.String(), {
        description: 'Units the grant is limited to; empty = everywhere',
      }),
    }),
  ),
});

export const UnitCodes = Type.Array(Type.String({ pattern: '^[0-9]{2,5}$' }), { maxItems: 200 });

export const GrantInput = Type.Object(
  {
    purpose: Type.String({ maxLength: 100 }),
    unitCodes: Type.Optional({
      ...UnitCodes,
      description: 'Limit the grant to these units (absent = everywhere)',
    }),
  },
  { additionalProperties: false },
);

/** POST /subscriptions of an agency client; the purpose is the request's Dancu-Purpose. */
export const AgencySubscriptionInput = Type.Object(
  {
    callbackUrl: NewSubscription.properties.callbackUrl,
    secret: NewSubscription.properties.secret,
    eventTypes: Type.Optional(
      Type.Array(EventType, { maxItems: 5, description: "Absent = all the purpose's event types" }),
    ),
    unitCodes: Type.Optional({
      ...UnitCodes,
      description: 'Within the units of the grant; absent = all of them',
    }),
    fields: Type.Optional(
      Type.Array(Field, { maxItems: FIELDS.length, description: "Absent = all the purpose's fields" }),
    ),
  },
  { additionalProperties: false },
);

export const AgencySubscription = Subscription;
export const CreatedAgencySubscription = Type.Object({
  subscription: Subscription,
  secret: Type.String({ description: 'HMAC secret for Dancu-Signature; shown only once' }),
});

export const AccessLogItem = Type.Object({
  recordedAt: Type.String(),
  agency: Type.Union([Type.String(), Type.Null()]),
  client: Type.Union([Type.String(), Type.Null()]),
  actorId: Type.String(),
  actorKind: Type.String(),
  actorRoles: Type.Array(Type.String(), { description: 'Operators: their roles at the time' }),
  actorUnits: Type.Array(Type.String(), { description: 'Operators: their units at the time' }),
  action: Type.String(),
  purpose: Type.Union([Type.String(), Type.Null()]),
  fields: Type.Array(Type.String()),
  outcome: Type.String(),
});
