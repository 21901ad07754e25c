import { Type } from 'typebox';
import { type ModuleRoutes, requireActor } from '../shared/route-kit.js';
import * as operators from './operators.service.js';

const OperatorView = Type.Object({
  username: Type.String(),
  displayName: Type.String(),
  roles: Type.Array(Type.String()),
  units: Type.Array(Type.String()),
});

const Role = Type.Union([
  Type.Literal('admin'),
  Type.Literal('clerk'),
  Type.Literal('viewer'),
  Type.Literal('data_officer'),
]);

/** Admin-only management of operator accounts, mounted at /api/v1/operators. */
export const operatorAdminRoutes: ModuleRoutes = async (app, { database }) => {
  const db = database.db;
  app.get(
    '/',
    {
      schema: {
        tags: ['operators'],
        summary: 'List operator accounts (admin)',
        response: { 200: Type.Object({ items: Type.Array(OperatorView) }) },
      },
    },
    async (request) => ({ items: await operators.listOperators(db, requireActor(request)) }),
  );
  app.post(
    '/',
    {
      schema: {
        tags: ['operators'],
        summary: 'Create an operator account (admin); clerks write only in their units',
        body: Type.Object({
          username: Type.String({ pattern: '^[a-z0-9._-]{2,64}$' }),
          displayName: Type.String({ minLength: 1, maxLength: 100 }),
          password: Type.String({ minLength: 8, maxLength: 200 }),
          roles: Type.Array(Role, { minItems: 1, uniqueItems: true }),
          units: Type.Optional(Type.Array(Type.String({ pattern: '^[0-9]{2,5}$' }), { maxItems: 200 })),
        }),
        response: { 201: OperatorView },
      },
    },
    async (request, reply) => {
      const op = await operators.addOperator(db, requireActor(request), request.body);
      return reply.status(201).send(op);
    },
  );
};

export const operatorRoutes: ModuleRoutes = async (app, { database }) => {
  const db = database.db;
  app.post(
    '/login',
    {
      schema: {
        tags: ['auth'],
        summary: 'Log in as an operator; returns a bearer token and sets a session cookie',
        security: [],
        body: Type.Object({
          username: Type.String({ maxLength: 64 }),
          password: Type.String({ maxLength: 200 }),
        }),
        response: {
          200: Type.Object({ token: Type.String(), expiresAt: Type.String(), operator: OperatorView }),
        },
      },
    },
    async (request, reply) => {
      const s = await operators.login(db, request.body.username, request.body.password);
      reply.setCookie('dancu_session', s.token, {
        path: '/',
        httpOnly: true,
        sameSite: 'strict',
        expires: s.expiresAt,
      });
      return { token: s.token, expiresAt: s.expiresAt.toISOString(), operator: s.operator };
    },
  );
  app.post('/logout', { schema: { tags: ['auth'], summary: 'End the session' } }, async (request, reply) => {
    const auth = request.headers.authorization;
    const token = auth?.startsWith('Bearer ') ? auth.slice(7) : request.cookies.dancu_session;
    if (token) await operators.logout(db, token);
    reply.clearCookie('dancu_session', { path: '/' });
    return reply.status(204).send();
  });
  app.get(
    '/me',
    { schema: { tags: ['auth'], summary: 'The logged-in operator', response: { 200: OperatorView } } },
    async (request) => {
      const actor = requireActor(request);
      const username = actor.id.replace(/^operator:/, '');
      const me = await operators.describe(db, username);
      return me ?? { username, displayName: username, roles: [...actor.roles], units: [...actor.units] };
    },
  );
};
