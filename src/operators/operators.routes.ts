import { Type } from 'typebox';
import { type ModuleRoutes, requireActor } from '../shared/route-kit.js';
import * as operators from './operators.service.js';

const OperatorView = Type.Object({
  username: Type.String(),
  displayName: Type.String(),
  roles: Type.Array(Type.String()),
  units: Type.Array(Type.String()),
});

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
