import { Type } from 'typebox';

/** Boundary schemas of the audit API. Hashes and signatures are base64. */

export const Checkpoint = Type.Object({
  treeSize: Type.Integer({ minimum: 0 }),
  rootHash: Type.String({ description: 'base64 MTH (RFC 9162) of the first treeSize entries' }),
  timestamp: Type.String({ format: 'date-time' }),
  keyId: Type.String(),
  signature: Type.String({ description: 'base64 Ed25519 signature over the note body' }),
  note: Type.String({
    description: 'C2SP signed note: origin, size, root, time; empty line; signature line',
  }),
});

export const Entry = Type.Object({
  seq: Type.Integer({ minimum: 0 }),
  recordedAt: Type.String(),
  actorId: Type.String(),
  actorKind: Type.String(),
  action: Type.String(),
  subjectPid: Type.Union([Type.String(), Type.Null()]),
  purpose: Type.Union([Type.String(), Type.Null()]),
  fields: Type.Array(Type.String()),
  outcome: Type.Union([Type.Literal('ok'), Type.Literal('denied'), Type.Literal('error')]),
  requestId: Type.Union([Type.String(), Type.Null()]),
  detail: Type.Record(Type.String(), Type.Unknown()),
  leafHash: Type.String({ description: 'base64 SHA-256(0x00 || canonical serialization)' }),
});

export const InclusionProof = Type.Object({
  seq: Type.Integer(),
  treeSize: Type.Integer(),
  proof: Type.Array(Type.String()),
});

export const ConsistencyProof = Type.Object({
  from: Type.Integer(),
  to: Type.Integer(),
  proof: Type.Array(Type.String()),
});

export const PublicKeys = Type.Object({
  keys: Type.Array(
    Type.Object({
      keyId: Type.String(),
      name: Type.String(),
      publicKey: Type.String({ description: 'raw 32-byte Ed25519 key, base64' }),
      vkey: Type.String({ description: 'C2SP verifier key: name+hash+base64(0x01||key)' }),
      createdAt: Type.String(),
    }),
  ),
});

export const AccessLog = Type.Object({
  items: Type.Array(
    Type.Object({
      seq: Type.Integer(),
      recordedAt: Type.String(),
      actorId: Type.String({ description: '`operator` for registry staff (see actorRoles, actorUnits)' }),
      actorKind: Type.String(),
      actorRoles: Type.Array(Type.String()),
      actorUnits: Type.Array(Type.String()),
      action: Type.String(),
      purpose: Type.Union([Type.String(), Type.Null()]),
      fields: Type.Array(Type.String()),
      outcome: Type.String(),
    }),
  ),
  nextBefore: Type.Union([Type.Integer(), Type.Null()]),
});

export const Size = Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER });

/** Filters of GET /entries (all optional; empty strings are ignored). */
export const EntryQuery = Type.Object(
  {
    actor: Type.Optional(
      Type.String({ maxLength: 200, description: 'exact actor id, e.g. client:vcb.1a2b3c' }),
    ),
    agency: Type.Optional(Type.String({ maxLength: 100, description: 'agency code of an exchange read' })),
    pid: Type.Optional(
      Type.String({
        pattern: '^([0-9]{9}([0-9]{3})?)?$',
        description: 'personal ID (12) or old ID (9 digits)',
      }),
    ),
    action: Type.Optional(Type.String({ maxLength: 100 })),
    outcome: Type.Optional(Type.Union([Type.Literal('ok'), Type.Literal('denied'), Type.Literal('error')])),
    from: Type.Optional(Type.String({ maxLength: 40, description: 'ISO 8601: recorded at or after' })),
    to: Type.Optional(Type.String({ maxLength: 40, description: 'ISO 8601: recorded before' })),
    before: Type.Optional(Size),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
  },
  { additionalProperties: false },
);
