import { loadConfig } from '../src/config.js';
import { createServer, openAndMigrate } from '../src/server.js';

/** The Dancu API as the benchmarks run it: one process, no console seeding, quiet logs. */
const config = loadConfig();
const database = await openAndMigrate(config);
const app = await createServer(database, { ...config, logLevel: 'warn' });
const address = await app.listen({ port: 0, host: '127.0.0.1' });
console.log(`listening on ${address}`);
process.once('SIGTERM', async () => {
  await app.close();
  await database.close();
  process.exit(0);
});
