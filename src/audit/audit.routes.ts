import { Type } from 'typebox';
import { type ModuleRoutes, requireActor } from '../shared/route-kit.js';
import * as schemas from './audit.schemas.js';
import { accessLog, getEntry } from './audit.service.js';
import { browseEntries } from './browse.js';
import { checkpointAt, latestCheckpoint, publicKeys } from './checkpoint.service.js';
import { consistencyProofOf, inclusionProofOf } from './tree.service.js';

const b64 = (hs: Buffer[]) => hs.map((h) => h.toString('base64'));
const tags = ['audit'];

/**
 * The audit log's API, mounted at /api/v1/audit. Checkpoints, proofs and keys are public
 * (anyone may verify); entries and access logs need an admin.
 */
export const auditRoutes: ModuleRoutes = async (app, { database }) => {
  const db = database.db;
  const pub = { tags, security: [] };
  app.get(
    '/checkpoints/latest',
    { schema: { ...pub, summary: 'The latest signed checkpoint', response: { 200: schemas.Checkpoint } } },
    async () => latestCheckpoint(db),
  );
  app.get(
    '/checkpoints/:size',
    {
      schema: {
        ...pub,
        summary: 'The signed checkpoint at a tree size',
        params: Type.Object({ size: schemas.Size }),
        response: { 200: schemas.Checkpoint },
      },
    },
    async (request) => checkpointAt(db, request.params.size),
  );
  app.get(
    '/entries',
    {
      schema: {
        tags,
        summary: 'Browse entries, newest first, by actor, agency, person, action, outcome and time (admin)',
        querystring: schemas.EntryQuery,
        response: {
          200: Type.Object({
            items: Type.Array(schemas.Entry),
            nextBefore: Type.Union([Type.Integer(), Type.Null()]),
          }),
        },
      },
    },
    async (request) => browseEntries(db, requireActor(request), request.query),
  );
  app.get(
    '/entries/:seq',
    {
      schema: {
        tags,
        summary: 'One audit entry and its leaf hash (admin)',
        params: Type.Object({ seq: schemas.Size }),
        response: { 200: schemas.Entry },
      },
    },
    async (request) => getEntry(db, requireActor(request), request.params.seq),
  );
  app.get(
    '/proofs/inclusion',
    {
      schema: {
        ...pub,
        summary: 'Inclusion proof (RFC 9162 PATH) of entry seq in the tree of size entries',
        querystring: Type.Object({ seq: schemas.Size, size: schemas.Size }),
        response: { 200: schemas.InclusionProof },
      },
    },
    async (request) => {
      const { seq, size } = request.query;
      return { seq, treeSize: size, proof: b64(await inclusionProofOf(db, seq, size)) };
    },
  );
  app.get(
    '/proofs/consistency',
    {
      schema: {
        ...pub,
        summary: 'Consistency proof (RFC 9162 PROOF) between two tree sizes',
        querystring: Type.Object({ from: schemas.Size, to: schemas.Size }),
        response: { 200: schemas.ConsistencyProof },
      },
    },
    async (request) => {
      const { from, to } = request.query;
      return { from, to, proof: b64(await consistencyProofOf(db, from, to)) };
    },
  );
  app.get(
    '/public-key',
    {
      schema: {
        ...pub,
        summary: 'Public keys of the checkpoint signers',
        response: { 200: schemas.PublicKeys },
      },
    },
    async () => ({ keys: await publicKeys(db) }),
  );
  app.get(
    '/subjects/:pid/access-log',
    {
      schema: {
        tags,
        summary: "A person's access log: who read or wrote their data, when, for which purpose (admin)",
        params: Type.Object({ pid: Type.String({ pattern: '^[0-9]{9}([0-9]{3})?$' }) }),
        querystring: Type.Object({
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
          before: Type.Optional(schemas.Size),
        }),
        response: { 200: schemas.AccessLog },
      },
    },
    async (request) => {
      const { limit, before } = request.query;
      return accessLog(db, requireActor(request), request.params.pid, {
        ...(limit !== undefined ? { limit } : {}),
        ...(before !== undefined ? { before } : {}),
      });
    },
  );
};
