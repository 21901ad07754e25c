import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { auditAccess, noteAccess } from '../audit/index.js';
import { preconditionRequired } from '../shared/errors.js';
import { etag, idempotencyKey, ifMatchVersion, type ModuleRoutes } from '../shared/route-kit.js';
import { renderConfirmationHtml } from './confirmation-html.js';
import * as queries from './queries.service.js';
import * as S from './registry.schemas.js';
import { registerBirth } from './registry.service.js';
import { fieldsOf, read, SEARCH_BY, write, writtenFields } from './routes-audit.js';
import * as updates from './updates.service.js';

const tags = ['registry'];
const PidParams = Type.Object({ pid: S.Pid });
const Problem = Type.Object(
  { type: Type.String(), title: Type.String(), status: Type.Integer(), code: Type.String() },
  { additionalProperties: true, description: 'RFC 9457 problem+json' },
);
const errors = {
  400: Problem,
  401: Problem,
  403: Problem,
  404: Problem,
  409: Problem,
  412: Problem,
  422: Problem,
  428: Problem,
};

/** Idempotency-Key and If-Match of an update; 428 without If-Match. */
function updateOptions(request: FastifyRequest) {
  const expectedVersion = ifMatchVersion(request);
  if (expectedVersion === undefined)
    throw preconditionRequired(
      'registry.version_required',
      'Send If-Match with the ETag of the person you read',
    );
  return { idempotencyKey: idempotencyKey(request) as string, expectedVersion };
}

/** The registry's HTTP API, mounted at /api/v1. Thin: parse, call the service, shape the reply. */
export const registryRoutes: ModuleRoutes = async (app, { database }) => {
  auditAccess(app, database); // every route with config.audit lands in the audit log
  app.post(
    '/births',
    {
      config: write('person.birth'),
      schema: {
        tags,
        summary: 'Register a birth and issue the personal ID number (Idempotency-Key required)',
        body: S.RegisterBirth,
        response: { 201: S.Person, ...errors },
      },
    },
    async (request, reply) => {
      const key = idempotencyKey(request) as string;
      const person = await registerBirth(database, request.actor, request.body, { idempotencyKey: key });
      noteAccess(request, { subjectPid: person.pid, fields: writtenFields('person.birth', request.body) });
      reply.header('etag', etag(person.version)).header('location', `/api/v1/persons/${person.pid}`);
      return reply.status(201).send(person);
    },
  );

  app.get(
    '/persons',
    {
      config: read('person.search', fieldsOf(S.PersonSummary)),
      schema: {
        tags,
        summary: 'Search persons by ID number, old ID, name (+ date of birth) or unit of permanent residence',
        querystring: S.SearchQuery,
        response: { 200: S.SearchResult, ...errors },
      },
    },
    async (request) => {
      const result = await queries.search(database, request.actor, request.query);
      // One entry per search, naming every person returned (each sees it in their access log).
      noteAccess(request, {
        subjects: result.items.map((p) => p.pid),
        detail: { by: SEARCH_BY.filter((k) => request.query[k] !== undefined), results: result.items.length },
      });
      return result;
    },
  );

  app.get(
    '/persons/:pid',
    {
      config: read('person.read', fieldsOf(S.Person)),
      schema: {
        tags,
        summary: 'A person as registered now (ETag = version)',
        params: PidParams,
        response: { 200: S.Person, ...errors },
      },
    },
    async (request, reply) => {
      const person = await queries.getPerson(database, request.actor, request.params.pid);
      reply.header('etag', etag(person.version));
      return person;
    },
  );

  app.get(
    '/persons/:pid/history',
    {
      config: read('person.history', ['history']),
      schema: {
        tags,
        summary: 'Every recorded event of a person, oldest first',
        params: PidParams,
        response: { 200: Type.Object({ events: Type.Array(S.PersonEvent) }), ...errors },
      },
    },
    async (request) => queries.getHistory(database, request.actor, request.params.pid),
  );

  app.get(
    '/persons/:pid/household',
    {
      config: read('household.read', fieldsOf(S.Household)),
      schema: {
        tags,
        summary: 'The household of the person',
        params: PidParams,
        response: { 200: S.Household, ...errors },
      },
    },
    async (request) => {
      const household = await queries.getPersonHousehold(database, request.actor, request.params.pid);
      noteAccess(request, {
        subjects: household.members.map((m) => m.pid),
        detail: { householdId: household.id },
      });
      return household;
    },
  );

  const update = <B extends import('typebox').TSchema>(
    path: string,
    action: string,
    summary: string,
    body: B,
    params: import('typebox').TSchema,
    run: (request: FastifyRequest, opts: ReturnType<typeof updateOptions>) => Promise<S.Person>,
  ) =>
    app.post(
      path,
      {
        config: write(action),
        schema: {
          tags,
          summary: `${summary} (If-Match and Idempotency-Key required)`,
          params,
          body,
          response: { 200: S.Person, ...errors },
        },
      },
      async (request, reply) => {
        const person = await run(request, updateOptions(request));
        noteAccess(request, { fields: writtenFields(action, request.body) });
        reply.header('etag', etag(person.version));
        return person;
      },
    );

  type P = { pid: string };
  update(
    '/persons/:pid/residence',
    'person.residence',
    'Register permanent or temporary residence',
    S.RegisterResidence,
    PidParams,
    (r, o) =>
      updates.registerResidence(database, r.actor, (r.params as P).pid, r.body as S.RegisterResidence, o),
  );
  update('/persons/:pid/death', 'person.death', 'Register a death', S.RegisterDeath, PidParams, (r, o) =>
    updates.registerDeath(database, r.actor, (r.params as P).pid, r.body as S.RegisterDeath, o),
  );
  update(
    '/persons/:pid/corrections',
    'person.correction',
    'Correct details (a new event; nothing is overwritten)',
    S.Correction,
    PidParams,
    (r, o) => updates.correctDetails(database, r.actor, (r.params as P).pid, r.body as S.Correction, o),
  );
  update(
    '/persons/:pid/cards',
    'person.card',
    'Issue or replace the chip ID card',
    S.IssueCard,
    PidParams,
    (r, o) => updates.issueCard(database, r.actor, (r.params as P).pid, r.body as S.IssueCard, o),
  );
  update(
    '/persons/:pid/cards/:number/status',
    'person.card_status',
    'Report a card lost or revoke it',
    S.CardStatusChange,
    Type.Object({ pid: S.Pid, number: Type.String({ maxLength: 20 }) }),
    (r, o) => {
      const p = r.params as P & { number: string };
      return updates.changeCardStatus(database, r.actor, p.pid, p.number, r.body as S.CardStatusChange, o);
    },
  );

  app.get(
    '/households/:id',
    {
      config: read('household.read', fieldsOf(S.Household)),
      schema: {
        tags,
        summary: 'A household with its current members',
        params: Type.Object({ id: Type.String({ maxLength: 40 }) }),
        response: { 200: S.Household, ...errors },
      },
    },
    async (request) => {
      const household = await queries.getHousehold(database, request.actor, request.params.id);
      noteAccess(request, {
        subjects: household.members.map((m) => m.pid),
        detail: { householdId: household.id },
      });
      return household;
    },
  );

  app.get(
    '/persons/:pid/residence-confirmation',
    {
      config: read('person.residence_confirmation', fieldsOf(S.ResidenceConfirmation)),
      schema: {
        tags,
        summary: 'Residence confirmation (JSON; printable HTML with Accept: text/html or ?format=html)',
        params: PidParams,
        querystring: Type.Object({
          format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('html')])),
        }),
        response: { 200: S.ResidenceConfirmation, ...errors },
      },
    },
    async (request, reply) => {
      const doc = await queries.residenceConfirmation(database, request.actor, request.params.pid);
      noteAccess(request, { subjects: doc.household?.members.map((m) => m.pid) });
      const html =
        request.query.format === 'html' ||
        (!request.query.format && /text\/html/.test(request.headers.accept ?? ''));
      if (!html) return doc;
      return reply.type('text/html; charset=utf-8').send(renderConfirmationHtml(doc) as never);
    },
  );
};
