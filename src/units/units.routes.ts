import { Type } from 'typebox';
import { notFound } from '../shared/errors.js';
import type { ModuleRoutes } from '../shared/route-kit.js';
import { AddressMatchView, UnitEraSchema, UnitLevelSchema, UnitView } from './units.schemas.js';
import * as units from './units.service.js';

const CodeParam = Type.Object({ code: Type.String({ pattern: '^[0-9]{2,5}$' }) });
const tags = ['units'];

/** Public, read-only routes under /api/v1/units (no login needed: unit lists are public). */
export const unitsRoutes: ModuleRoutes = async (app, { database }) => {
  const db = database.db;

  app.get(
    '/',
    {
      schema: {
        tags,
        summary: 'List or search units of one era',
        security: [],
        querystring: Type.Object({
          era: Type.Optional(UnitEraSchema),
          level: Type.Optional(UnitLevelSchema),
          parent: Type.Optional(Type.String({ pattern: '^[0-9]{2,5}$', description: 'parent unit code' })),
          province: Type.Optional(Type.String({ pattern: '^[0-9]{2}$' })),
          q: Type.Optional(
            Type.String({ maxLength: 100, description: 'name contains (diacritics optional)' }),
          ),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 20000, default: 500 })),
        }),
        response: { 200: Type.Object({ units: Type.Array(UnitView) }) },
      },
    },
    async (request) => {
      const q = request.query;
      const list = await units.listUnits(db, {
        era: q.era ?? '2025',
        ...(q.level ? { level: q.level } : {}),
        ...(q.parent ? { parentCode: q.parent } : {}),
        ...(q.province ? { provinceCode: q.province } : {}),
        ...(q.q ? { q: q.q } : {}),
        limit: q.limit ?? 500,
      });
      return { units: list };
    },
  );

  app.post(
    '/parse',
    {
      schema: {
        tags,
        summary: 'Parse a free-text address into unit codes (both eras), best reading first',
        security: [],
        body: Type.Object({ text: Type.String({ maxLength: 1000 }) }),
        response: { 200: Type.Object({ matches: Type.Array(AddressMatchView) }) },
      },
    },
    async (request) => ({ matches: await units.parseAddress(db, request.body.text) }),
  );

  app.get(
    '/:code',
    {
      schema: {
        tags,
        summary: 'One unit; without era the 2025 unit is preferred',
        security: [],
        params: CodeParam,
        querystring: Type.Object({ era: Type.Optional(UnitEraSchema) }),
        response: { 200: UnitView },
      },
    },
    async (request) => {
      const unit = await units.getUnit(db, request.params.code, request.query.era);
      if (!unit) throw notFound('units.not_found', `No unit with code ${request.params.code}`);
      return unit;
    },
  );

  app.get(
    '/:code/successors',
    {
      schema: {
        tags,
        summary: 'The 2025 unit(s) an old (pre-2025) commune, district or province became',
        security: [],
        params: CodeParam,
        response: { 200: Type.Object({ successors: Type.Array(UnitView) }) },
      },
    },
    async (request) => {
      const code = request.params.code;
      if (!(await units.getUnit(db, code, 'pre2025')))
        throw notFound('units.not_found', `No pre-2025 unit with code ${code}`);
      return { successors: await units.successorsOf(db, code) };
    },
  );
};
