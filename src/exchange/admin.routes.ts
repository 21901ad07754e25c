import { Type } from 'typebox';
import { accessLog } from '../audit/index.js';
import { Pid } from '../registry/index.js';
import { forbidden } from '../shared/errors.js';
import { type ModuleRoutes, requireActor } from '../shared/route-kit.js';
import { agencyDetail, clientKeys, failingAgencyWebhooks } from './agency-detail.service.js';
import * as svc from './clients.service.js';
import * as schemas from './exchange.schemas.js';
import { exchangeRuntime } from './runtime.js';

const tags = ['exchange admin'];

/** Operator API (operator session; admin): agencies, clients and keys, purposes, grants, access log, health. */
export const adminRoutes: ModuleRoutes = async (app, { database }) => {
  const rt = await exchangeRuntime(database);
  app.post(
    '/agencies',
    {
      schema: {
        tags,
        summary: 'Register an agency',
        body: schemas.AgencyInput,
        response: { 201: schemas.Agency },
      },
    },
    async (request, reply) => {
      const b = request.body;
      const agency = await svc.addAgency(database, requireActor(request), {
        ...b,
        kind: b.kind as svc.AgencyKind,
      });
      return reply.status(201).send(agency);
    },
  );
  app.get(
    '/agencies',
    {
      schema: {
        tags,
        summary: 'All agencies',
        response: { 200: Type.Object({ items: Type.Array(schemas.Agency) }) },
      },
    },
    async (request) => ({ items: await svc.listAgencies(database, requireActor(request)) }),
  );
  app.get(
    '/agencies/:id',
    {
      schema: {
        tags,
        summary: 'One agency (id or code) with its clients, their key ids and purposes',
        params: Type.Object({ id: Type.String({ maxLength: 100 }) }),
        response: {
          200: Type.Object({ ...schemas.Agency.properties, clients: Type.Array(schemas.Client) }),
        },
      },
    },
    async (request) => agencyDetail(database, requireActor(request), request.params.id),
  );
  app.post(
    '/agencies/:id/clients',
    {
      schema: {
        tags,
        summary: 'Register a client of the agency with its public keys (JWKS); returns client_id',
        params: Type.Object({ id: Type.String({ maxLength: 100 }) }),
        body: schemas.ClientInput,
        response: { 201: schemas.Client },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await svc.addClient(database, requireActor(request), request.params.id, request.body)),
  );
  const clientParams = Type.Object({ id: Type.String({ maxLength: 100 }) });
  app.put(
    '/clients/:id/keys',
    {
      schema: {
        tags,
        summary: 'Replace the client public keys (rotation)',
        params: clientParams,
        body: schemas.Jwks,
        response: { 200: schemas.Client },
      },
    },
    async (request) =>
      svc.replaceClientKeys(database, requireActor(request), request.params.id, request.body),
  );
  app.get(
    '/clients/:id/keys',
    {
      schema: {
        tags,
        summary: 'The client public keys (JWKS), to rotate them with PUT',
        params: clientParams,
        response: { 200: schemas.Jwks },
      },
    },
    async (request) => clientKeys(database, requireActor(request), request.params.id),
  );
  app.post(
    '/clients/:id/grants',
    {
      schema: {
        tags,
        summary: 'Grant a purpose to the client, optionally only in some units (again: replaces the units)',
        params: clientParams,
        body: schemas.GrantInput,
        response: { 200: schemas.Client },
      },
    },
    async (request) =>
      svc.grantPurpose(
        database,
        requireActor(request),
        request.params.id,
        request.body.purpose,
        request.body.unitCodes,
      ),
  );
  app.delete(
    '/clients/:id/grants/:purpose',
    {
      schema: {
        tags,
        summary: 'Withdraw a purpose from the client (effective within 5 s)',
        params: Type.Object({
          id: Type.String({ maxLength: 100 }),
          purpose: Type.String({ maxLength: 100 }),
        }),
        response: { 200: schemas.Client },
      },
    },
    async (request) =>
      svc.revokePurpose(database, requireActor(request), request.params.id, request.params.purpose),
  );
  app.get(
    '/purposes',
    {
      schema: {
        tags,
        summary: 'All purposes',
        response: { 200: Type.Object({ items: Type.Array(schemas.Purpose) }) },
      },
    },
    async (request) => {
      requireActor(request);
      return { items: await svc.listPurposes(database) };
    },
  );
  app.post(
    '/purposes',
    {
      schema: {
        tags,
        summary: 'Define a purpose',
        body: schemas.Purpose,
        response: { 201: schemas.Purpose },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await svc.addPurpose(database, requireActor(request), request.body)),
  );
  app.get(
    '/access-log/:pid',
    {
      schema: {
        tags,
        summary: "Who read this person's data: agency, client, fields, purpose, outcome (admin)",
        params: Type.Object({ pid: Pid }),
        querystring: Type.Object({
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
          before: Type.Optional(Type.Integer({ minimum: 0 })),
        }),
        response: {
          200: Type.Object({
            items: Type.Array(schemas.AccessLogItem),
            nextBefore: Type.Union([Type.Integer(), Type.Null()]),
          }),
        },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const log = await accessLog(database.db, actor, request.params.pid, request.query);
      const names = await svc.clientAgencyNames(
        database,
        log.items.flatMap((i) => (i.actorId.startsWith('client:') ? [i.actorId.slice(7)] : [])),
      );
      return {
        items: log.items.map((i) => {
          const client = i.actorId.startsWith('client:') ? i.actorId.slice(7) : null;
          return {
            recordedAt: i.recordedAt,
            agency: client ? (names.get(client) ?? null) : null,
            client,
            actorId: i.actorId,
            actorKind: i.actorKind,
            actorRoles: i.actorRoles,
            actorUnits: i.actorUnits,
            action: i.action,
            purpose: i.purpose,
            fields: i.fields,
            outcome: i.outcome,
          };
        }),
        nextBefore: log.nextBefore,
      };
    },
  );
  app.get(
    '/health',
    {
      schema: {
        tags,
        summary:
          'Connection health per agency and client (this process), and failing webhooks (all processes)',
      },
    },
    async (request) => {
      const actor = requireActor(request);
      if (!actor.roles.includes('admin')) throw forbidden('exchange.admin_only', 'Admins only');
      return { items: rt.health.snapshot(), webhooks: await failingAgencyWebhooks(database) };
    },
  );
};
