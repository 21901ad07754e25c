import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { loadSigner, registerSigner, startCheckpointSchedule } from '../../audit/index.js';
import { startCleaningRunner } from '../../cleaning/index.js';
import { loadConfig } from '../../config.js';
import type { Database } from '../../db/index.js';
import { eventsConfig, eventsWarnings, startDelivery } from '../../events/index.js';
import { createOperator, hasOperators } from '../../operators/index.js';
import { createServer, openAndMigrate } from '../../server.js';
import { ensureDemoPopulation as seedDemoPopulation } from '../../synth/index.js';

export function registerStart(program: Command) {
  program
    .command('start')
    .description(
      'run the API and console; on first start, create a demo operator and seed a demo population (DANCU_DEMO_PERSONS, default 100000)',
    )
    .action(async () => {
      const config = loadConfig();
      const events = eventsConfig(); // events: NATS_URL, NATS_PAYLOAD, DANCU_DELIVERY (checked before anything starts)
      const database = await openAndMigrate(config);
      const login = await ensureDemoOperator(database, config.dataDir);
      await ensureDemoPopulation(database, config.demoPersons, config.demoSeed);
      // The audit log gets a signed checkpoint every minute while it grows.
      const signer = loadSigner({ dataDir: config.dataDir });
      await registerSigner(database.db, signer);
      const stopCheckpoints = startCheckpointSchedule(database.db, signer, 60_000);
      const app = await createServer(database, config);
      const address = await app.listen({ port: config.port, host: config.host });
      const shown = address.replace('127.0.0.1', 'localhost');
      console.log(
        `\nDancu is running on ${database.kind === 'pglite' ? `PGlite (${config.dataDir})` : 'PostgreSQL'}`,
      );
      console.log(`  console:  ${shown}/`);
      console.log(`  API docs: ${shown}/docs`);
      if (login) console.log(`  demo login: ${login.username} / ${login.password}`);
      // --- events: the outbox delivery worker (webhooks; NATS JetStream when NATS_URL is set) ---
      const delivery = events.delivery
        ? startDelivery(
            database,
            events.natsUrl ? { nats: { url: events.natsUrl, payload: events.natsPayload } } : {},
          )
        : undefined;
      if (delivery) {
        const nats = events.natsUrl ? ` (and to NATS ${events.natsUrl}, ${events.natsPayload} payloads)` : '';
        console.log(`  events:   delivering${nats}`);
        for (const w of eventsWarnings(events)) console.warn(`  WARNING (events): ${w}`);
      }
      // --- end events ---
      // Cleaning jobs uploaded through the API run here, one at a time, on every core.
      const cleaning = startCleaningRunner(database, {
        onError: (e) => console.error(`cleaning runner: ${e instanceof Error ? e.message : e}`),
      });
      const stop = async () => {
        await cleaning.stop();
        await delivery?.stop();
        await stopCheckpoints();
        await app.close();
        await database.close();
        process.exit(0);
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
}

/**
 * Creates the demo admin on first start and keeps its password in the data folder (PGlite)
 * so that later starts can print it again. With PostgreSQL the password is printed once.
 */
async function ensureDemoOperator(database: Database, dataDir: string) {
  const file = path.join(dataDir, 'demo-login.txt');
  if (await hasOperators(database.db)) {
    if (database.kind === 'pglite' && existsSync(file)) {
      const [username, password] = readFileSync(file, 'utf8').trim().split(' / ');
      return username && password ? { username, password } : undefined;
    }
    return undefined;
  }
  const password = process.env.DANCU_DEMO_PASSWORD || randomBytes(9).toString('base64url');
  await createOperator(database.db, {
    username: 'demo',
    displayName: 'Demo operator',
    password,
    roles: ['admin'],
  });
  if (database.kind === 'pglite') writeFileSync(file, `demo / ${password}\n`, { mode: 0o600 });
  return { username: 'demo', password };
}

/** Seeds the synthetic demo population when the registry is empty (synth module). */
async function ensureDemoPopulation(database: Database, persons: number, seed: number) {
  await seedDemoPopulation(database, persons, seed);
}
