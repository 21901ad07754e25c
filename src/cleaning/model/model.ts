/**
 * The linkage model as a readable JSON document: comparison levels per field with their
 * m and u probabilities, blocking rules, the prior and the decision thresholds.
 */
import { type Static, Type } from 'typebox';
import { Value } from 'typebox/value';
import { badRequest } from '../../shared/errors.js';

/** The fields the model compares, and their levels (best agreement first; "missing" is implicit). */
export const FIELD_LEVELS = {
  family: ['exact', 'diacritics', 'variant', 'jw>=0.92', 'jw>=0.80', 'other'],
  middle: ['exact', 'diacritics', 'partial', 'jw>=0.92', 'jw>=0.80', 'initial', 'other'],
  given: ['exact', 'diacritics', 'jw>=0.92', 'jw>=0.80', 'initial', 'other'],
  dob: ['exact', 'partial', 'swapped', 'year+month', 'day+month', 'year', 'year±1', 'other'],
  sex: ['same', 'other'],
  pid: ['exact', 'one-edit', 'other'],
  oldId: ['exact', 'one-edit', 'other'],
  otherId: ['exact', 'one-edit', 'other'],
  phone: ['exact', 'other'],
  /** province: same province, the communes not both known; other-commune: same province, communes differ */
  place: ['commune', 'province', 'other-commune', 'other'],
} as const;

export type FieldName = keyof typeof FIELD_LEVELS;
export const FIELDS = [
  'family',
  'middle',
  'given',
  'dob',
  'sex',
  'pid',
  'oldId',
  'otherId',
  'phone',
  'place',
] as const satisfies readonly FieldName[];

/** Parts a blocking key is made of. */
export const KEY_PARTS = [
  'pid',
  /** first 6 digits of the personal ID number: province, century and sex, year of birth */
  'pidHead',
  /** last 6 digits: the serial */
  'pidTail',
  'oldId',
  'otherId',
  'phone',
  'dob',
  'year',
  'yearMonth',
  'family',
  'familyClass',
  'middle',
  'given',
  'province',
  'commune',
] as const;
export type KeyPart = (typeof KEY_PARTS)[number];

const Level = Type.Object({
  level: Type.String({ description: 'comparison level, e.g. exact, jw>=0.92, missing is implicit' }),
  m: Type.Number({ exclusiveMinimum: 0, maximum: 1, description: 'P(level | same person)' }),
  u: Type.Number({ exclusiveMinimum: 0, maximum: 1, description: 'P(level | different persons)' }),
  weight: Type.Optional(Type.Number({ description: 'log2(m/u), for reading only (recomputed on load)' })),
});

const Field = Type.Object({
  field: Type.Enum([...FIELDS]),
  tf: Type.Optional(Type.Boolean({ description: 'adjust exact agreement by how common the value is' })),
  levels: Type.Array(Level, { minItems: 2 }),
});

const Rule = Type.Object({
  name: Type.String({ minLength: 1 }),
  on: Type.Array(Type.Enum([...KEY_PARTS]), { minItems: 1 }),
  maxBlock: Type.Optional(Type.Integer({ minimum: 1, description: 'blocks larger than this are skipped' })),
  sufficient: Type.Optional(
    Type.Boolean({
      description:
        'matching tries the sufficient rules first; a sure link found through them ends the search',
    }),
  ),
});

export const LinkModelSchema = Type.Object({
  format: Type.Literal('dancu-link-model'),
  version: Type.Literal(1),
  description: Type.Optional(Type.String()),
  trainedAt: Type.Optional(Type.String()),
  training: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  prior: Type.Object({
    matchShare: Type.Number({
      exclusiveMinimum: 0,
      maximum: 1,
      description: 'share of records expected to have their person in the reference',
    }),
    duplicateShare: Type.Number({
      exclusiveMinimum: 0,
      maximum: 1,
      description: 'share of records of one file expected to have another record of the same person',
    }),
  }),
  thresholds: Type.Object({
    upper: Type.Number({ minimum: 0, maximum: 1, description: 'link at or above this probability' }),
    lower: Type.Number({ minimum: 0, maximum: 1, description: 'review at or above this probability' }),
    margin: Type.Number({ minimum: 0, description: 'bits the best candidate must lead the second by' }),
    nameGuard: Type.Optional(
      Type.Boolean({
        description:
          'a candidate whose family or given name or ID number disagrees outright is linked only on an exact ID number (else reviewed); default true',
      }),
    ),
  }),
  tf: Type.Object({
    minimum: Type.Number({ exclusiveMinimum: 0, maximum: 1, description: 'floor of a term frequency' }),
  }),
  blocking: Type.Array(Rule, { minItems: 1 }),
  fields: Type.Array(Field, { minItems: 1 }),
});

/** A linkage model: the JSON document `trainModel` writes and `defaultModel` returns. */
export type LinkModel = Static<typeof LinkModelSchema>;
export type BlockingRule = LinkModel['blocking'][number];
export type FieldModel = LinkModel['fields'][number];

/**
 * Checks a model read from a file or a request; throws `cleaning.invalid_model` with the
 * problems found.
 */
export function parseModel(json: unknown): LinkModel {
  if (!Value.Check(LinkModelSchema, json)) {
    const details = Value.Errors(LinkModelSchema, json)
      .slice(0, 10)
      .map((e) => ({ field: e.instancePath || '/', message: e.message }));
    throw badRequest(
      'cleaning.invalid_model',
      'The linkage model is not a valid dancu-link-model document',
      details,
    );
  }
  for (const f of json.fields) {
    const known = FIELD_LEVELS[f.field] as readonly string[];
    const names = f.levels.map((l) => l.level);
    if (names.length !== known.length || names.some((n, i) => n !== known[i]))
      throw badRequest(
        'cleaning.invalid_model',
        `The levels of field ${f.field} must be ${known.join(', ')}`,
        [{ field: `/fields/${f.field}`, message: `expected levels ${known.join(', ')}` }],
      );
  }
  if (json.thresholds.lower > json.thresholds.upper)
    throw badRequest('cleaning.invalid_model', 'The lower threshold is above the upper one');
  return json;
}

/** log2(m/u) rounded for reading. */
export const weightOf = (m: number, u: number) => Math.round(Math.log2(m / u) * 100) / 100;
