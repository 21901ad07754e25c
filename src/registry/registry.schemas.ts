import { type Static, Type } from 'typebox';

/**
 * The registry's boundary types, one TypeBox schema each. They validate HTTP bodies and
 * CLI input, produce the OpenAPI document, and are the input of the bulk path that the
 * synthetic population uses; TypeScript types are derived from them.
 */

/** 12-digit personal identification number (số định danh cá nhân). */
export const Pid = Type.String({ pattern: '^[0-9]{12}$', description: '12-digit personal ID number' });
/** 9-digit old ID card number (CMND). */
export const OldId = Type.String({ pattern: '^[0-9]{9}$', description: '9-digit old ID card number (CMND)' });
/** Full (YYYY-MM-DD) or partial (YYYY-MM, YYYY) date. */
export const PartialDate = Type.String({
  pattern: '^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$',
  description: 'Date, possibly partial: YYYY-MM-DD, YYYY-MM or YYYY',
});
export const FullDate = Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$', description: 'YYYY-MM-DD' });
export const Sex = Type.Union([Type.Literal('male'), Type.Literal('female')]);
export const UnitCode = Type.String({
  pattern: '^[0-9]{2,5}$',
  description: 'Administrative unit code (province 2 digits, district 3, commune 5; before or after 2025)',
});

/** A place: an administrative unit plus optional free text (village, street, house number). */
export const Place = Type.Object({
  unitCode: UnitCode,
  text: Type.Optional(Type.String({ maxLength: 300 })),
});

/** The paper (or electronic) document a change is based on. */
export const SourceDocument = Type.Object({
  kind: Type.String({
    minLength: 1,
    maxLength: 60,
    description: 'e.g. birth_certificate, residence_application, death_certificate, court_decision',
  }),
  number: Type.String({ minLength: 1, maxLength: 60 }),
  issuedBy: Type.Optional(Type.String({ maxLength: 200 })),
  issuedOn: Type.Optional(FullDate),
});

export const Name = Type.String({ minLength: 1, maxLength: 60 });

export const RelationToHead = Type.Union([
  Type.Literal('head'),
  Type.Literal('spouse'),
  Type.Literal('child'),
  Type.Literal('parent'),
  Type.Literal('grandchild'),
  Type.Literal('grandparent'),
  Type.Literal('sibling'),
  Type.Literal('child_in_law'),
  Type.Literal('relative'),
  Type.Literal('other'),
]);

/** POST /births — register a birth; the registry issues the personal ID number. */
export const RegisterBirth = Type.Object({
  familyName: Name,
  middleName: Type.String({ maxLength: 60, default: '' }),
  givenName: Name,
  sex: Sex,
  dateOfBirth: PartialDate,
  placeOfBirth: Place,
  homeTown: Type.Optional(Place),
  ethnicity: Type.String({ minLength: 1, maxLength: 40, default: 'Kinh' }),
  nationality: Type.String({ pattern: '^[A-Z]{2}$', default: 'VN' }),
  fatherPid: Type.Optional(Pid),
  motherPid: Type.Optional(Pid),
  /** Province code (2 digits) where the birth is registered; fixes the ID number's first 3 digits. Defaults to placeOfBirth's province. */
  registrationProvince: Type.Optional(Type.String({ pattern: '^[0-9]{2}$' })),
  /** Optionally join a household at once (permanent residence of the newborn). */
  household: Type.Optional(
    Type.Object({ householdId: Type.String({ minLength: 1 }), relationToHead: RelationToHead }),
  ),
  sourceDocument: SourceDocument,
});

/** POST /persons/{pid}/residence — register or move permanent or temporary residence. */
export const RegisterResidence = Type.Object({
  kind: Type.Union([Type.Literal('permanent'), Type.Literal('temporary')]),
  /** Where: unit code plus address line. */
  place: Place,
  /** Join an existing household… */
  householdId: Type.Optional(Type.String({ minLength: 1 })),
  /** …or found a new one with this person as head (permanent only). */
  newHousehold: Type.Optional(Type.Boolean()),
  relationToHead: Type.Optional(RelationToHead),
  from: FullDate,
  /** Temporary residence has an end date (at most 2 years). */
  until: Type.Optional(FullDate),
  sourceDocument: SourceDocument,
});

/** POST /persons/{pid}/death */
export const RegisterDeath = Type.Object({
  dateOfDeath: PartialDate,
  placeOfDeath: Type.Optional(Place),
  sourceDocument: SourceDocument,
});

/** POST /persons/{pid}/corrections — fields to change; a correction is a new event. */
export const Correction = Type.Object({
  changes: Type.Object(
    {
      familyName: Type.Optional(Name),
      middleName: Type.Optional(Type.String({ maxLength: 60 })),
      givenName: Type.Optional(Name),
      dateOfBirth: Type.Optional(PartialDate),
      ethnicity: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
      nationality: Type.Optional(Type.String({ pattern: '^[A-Z]{2}$' })),
      placeOfBirth: Type.Optional(Place),
      homeTown: Type.Optional(Place),
      fatherPid: Type.Optional(Pid),
      motherPid: Type.Optional(Pid),
      spousePid: Type.Optional(Type.Union([Pid, Type.Null()])),
      oldIds: Type.Optional(Type.Array(OldId, { maxItems: 5 })),
      /** Corrections of a registered death (the only corrections allowed after death). */
      dateOfDeath: Type.Optional(PartialDate),
      placeOfDeath: Type.Optional(Place),
    },
    { minProperties: 1, additionalProperties: false },
  ),
  reason: Type.String({ minLength: 3, maxLength: 500 }),
  sourceDocument: SourceDocument,
});

/** POST /persons/{pid}/cards — issue or replace the chip ID card. */
export const IssueCard = Type.Object({
  issuedOn: FullDate,
  reason: Type.Union([
    Type.Literal('first'),
    Type.Literal('age_renewal'),
    Type.Literal('lost'),
    Type.Literal('damaged'),
    Type.Literal('details_changed'),
  ]),
  sourceDocument: SourceDocument,
});

/** POST /persons/{pid}/cards/{number}/status — report lost or revoke. */
export const CardStatusChange = Type.Object({
  status: Type.Union([Type.Literal('lost'), Type.Literal('revoked')]),
  sourceDocument: SourceDocument,
});

export const CardStatus = Type.Union([
  Type.Literal('valid'),
  Type.Literal('expired'),
  Type.Literal('lost'),
  Type.Literal('revoked'),
  Type.Literal('replaced'),
  Type.Literal('holder_deceased'),
]);

export const Residence = Type.Object({
  unitCode: UnitCode,
  unitName: Type.Optional(Type.String()),
  addressLine: Type.Optional(Type.String()),
  householdId: Type.Optional(Type.String()),
  relationToHead: Type.Optional(RelationToHead),
  since: FullDate,
  until: Type.Optional(FullDate),
});

/** A person as the registry shows it now (the projection of its events). */
export const Person = Type.Object({
  pid: Pid,
  fullName: Type.String(),
  familyName: Type.String(),
  middleName: Type.String(),
  givenName: Type.String(),
  sex: Sex,
  dateOfBirth: PartialDate,
  ethnicity: Type.String(),
  nationality: Type.String(),
  placeOfBirth: Place,
  homeTown: Type.Optional(Place),
  status: Type.Union([Type.Literal('alive'), Type.Literal('deceased')]),
  dateOfDeath: Type.Optional(PartialDate),
  oldIds: Type.Array(OldId),
  fatherPid: Type.Optional(Pid),
  motherPid: Type.Optional(Pid),
  spousePid: Type.Optional(Pid),
  permanentResidence: Type.Optional(Residence),
  temporaryResidence: Type.Optional(Residence),
  cards: Type.Array(
    Type.Object({
      number: Type.String(),
      issuedOn: FullDate,
      expiresOn: Type.Union([FullDate, Type.Null()], {
        description: 'null: valid for life (issued at 58 or later)',
      }),
      status: CardStatus,
    }),
  ),
  /** Number of events folded into this state; the ETag. */
  version: Type.Integer(),
  updatedAt: Type.String({ format: 'date-time' }),
});

export const EventType = Type.Union([
  Type.Literal('birth_registered'),
  Type.Literal('residence_registered'),
  Type.Literal('residence_ended'),
  Type.Literal('death_registered'),
  Type.Literal('details_corrected'),
  Type.Literal('card_issued'),
  Type.Literal('card_status_changed'),
  Type.Literal('old_id_linked'),
  Type.Literal('marriage_registered'),
]);

/** One entry of a person's history. */
export const PersonEvent = Type.Object({
  seq: Type.Integer({ description: 'Position in the person history, 1-based' }),
  type: EventType,
  effectiveDate: PartialDate,
  recordedAt: Type.String({ format: 'date-time' }),
  actor: Type.String(),
  sourceDocument: SourceDocument,
  data: Type.Record(Type.String(), Type.Unknown()),
});

export const PersonSummary = Type.Object({
  pid: Pid,
  fullName: Type.String(),
  sex: Sex,
  dateOfBirth: PartialDate,
  status: Type.Union([Type.Literal('alive'), Type.Literal('deceased')]),
  permanentUnitCode: Type.Optional(UnitCode),
  permanentUnitName: Type.Optional(Type.String()),
});

export const Household = Type.Object({
  id: Type.String(),
  headPid: Pid,
  unitCode: UnitCode,
  unitName: Type.Optional(Type.String()),
  addressLine: Type.Optional(Type.String()),
  members: Type.Array(
    Type.Object({
      pid: Pid,
      fullName: Type.String(),
      relationToHead: RelationToHead,
      dateOfBirth: PartialDate,
      sex: Sex,
      since: FullDate,
    }),
  ),
});

/**
 * Input of the bulk path (synthetic population, migrations from legacy systems): one
 * person with the full, time-ordered list of what happened to them. The registry checks
 * every item with the same rules as the single-command API and writes in bulk (COPY).
 * The caller proposes the ID number (it must be consistent with sex, birth year and
 * registration province, and unique); households are named by caller-chosen ids.
 */
export const BulkPerson = Type.Object({
  pid: Pid,
  birth: Type.Omit(RegisterBirth, ['household', 'registrationProvince']),
  /** Recorded time of the birth registration; defaults to the date of birth. */
  birthRecordedOn: Type.Optional(FullDate),
  actions: Type.Array(
    Type.Union([
      Type.Object({ type: Type.Literal('residence'), ...RegisterResidence.properties }),
      Type.Object({ type: Type.Literal('card'), ...IssueCard.properties }),
      Type.Object({ type: Type.Literal('old_id'), oldId: OldId, effectiveDate: FullDate }),
      Type.Object({
        type: Type.Literal('marriage'),
        spousePid: Pid,
        effectiveDate: FullDate,
        sourceDocument: SourceDocument,
      }),
      Type.Object({ type: Type.Literal('death'), ...RegisterDeath.properties }),
    ]),
  ),
});

export type Pid = Static<typeof Pid>;
export type RegisterBirth = Static<typeof RegisterBirth>;
export type RegisterResidence = Static<typeof RegisterResidence>;
export type RegisterDeath = Static<typeof RegisterDeath>;
export type Correction = Static<typeof Correction>;
export type IssueCard = Static<typeof IssueCard>;
export type CardStatusChange = Static<typeof CardStatusChange>;
export type Person = Static<typeof Person>;
export type PersonEvent = Static<typeof PersonEvent>;
export type PersonSummary = Static<typeof PersonSummary>;
export type Household = Static<typeof Household>;
export type BulkPerson = Static<typeof BulkPerson>;
export type SourceDocument = Static<typeof SourceDocument>;
export type Place = Static<typeof Place>;

/** GET /persons — query of the search. */
export const SearchQuery = Type.Object({
  q: Type.Optional(
    Type.String({ maxLength: 100, description: '12 digits → pid, 9 digits → old ID, else name' }),
  ),
  name: Type.Optional(Type.String({ maxLength: 100, description: 'Name, with or without diacritics' })),
  dob: Type.Optional(PartialDate),
  pid: Type.Optional(Pid),
  oldId: Type.Optional(OldId),
  unit: Type.Optional(UnitCode),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
  cursor: Type.Optional(Type.String({ maxLength: 100 })),
});

export const SearchResult = Type.Object({
  items: Type.Array(PersonSummary),
  next: Type.Optional(Type.String({ description: 'Cursor of the next page' })),
});

/** GET /persons/{pid}/residence-confirmation — the data of the printable confirmation. */
export const ResidenceConfirmation = Type.Object({
  documentNumber: Type.String(),
  issuedAt: Type.String({ format: 'date-time' }),
  issuedBy: Type.String(),
  person: Type.Object({
    pid: Pid,
    fullName: Type.String(),
    sex: Sex,
    dateOfBirth: PartialDate,
    status: Type.Union([Type.Literal('alive'), Type.Literal('deceased')]),
    dateOfDeath: Type.Optional(PartialDate),
  }),
  permanentResidence: Type.Optional(Residence),
  temporaryResidence: Type.Optional(Residence),
  household: Type.Optional(Household),
});

export type SearchQuery = Static<typeof SearchQuery>;
export type SearchResult = Static<typeof SearchResult>;
export type ResidenceConfirmation = Static<typeof ResidenceConfirmation>;
