import Fastify from 'fastify';

/**
 * Baseline server for the benchmarks: Fastify with no database, no auth, answering a
 * person-shaped JSON body from memory. What Dancu's own route costs on top of this is
 * the database round trip plus our plumbing.
 */
const app = Fastify({ logger: false });
const body = {
  pid: '001090000001',
  fullName: 'Nguyễn Văn An',
  familyName: 'Nguyễn',
  middleName: 'Văn',
  givenName: 'An',
  sex: 'male',
  dateOfBirth: '1990-01-01',
  status: 'alive',
  oldIds: [],
  cards: [],
  version: 3,
};
app.get('/api/v1/persons/:pid', async (req) => ({ ...body, pid: (req.params as { pid: string }).pid }));
const address = await app.listen({ port: 0, host: '127.0.0.1' });
console.log(`listening on ${address}`);
process.once('SIGTERM', () => app.close().then(() => process.exit(0)));
