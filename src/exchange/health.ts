import client from 'prom-client';

/**
 * Connection health per agency and client, in this process: request and error counts,
 * latency percentiles from a fixed-bucket histogram, last successful call. The same
 * numbers go to Prometheus (`dancu_exchange_*`); with several processes, sum them
 * across processes (Prometheus does; the JSON view is per process).
 */
export const LATENCY_BUCKETS_MS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000];

export const registry = new client.Registry();
const requests = new client.Counter({
  name: 'dancu_exchange_requests_total',
  help: 'Exchange API requests by agency, client, operation and outcome',
  labelNames: ['agency', 'client', 'operation', 'outcome'] as const,
  registers: [registry],
});
const latency = new client.Histogram({
  name: 'dancu_exchange_request_duration_seconds',
  help: 'Exchange API latency by agency and operation',
  labelNames: ['agency', 'operation'] as const,
  buckets: LATENCY_BUCKETS_MS.map((ms) => ms / 1000),
  registers: [registry],
});

interface Stats {
  agency: string;
  client: string;
  requests: number;
  errors: number;
  buckets: number[];
  lastSuccessAt: string | null;
}

export interface ClientHealth {
  agency: string;
  client: string;
  requests: number;
  errors: number;
  errorRate: number;
  latencyMs: { p50: number | null; p95: number | null; p99: number | null };
  lastSuccessAt: string | null;
}

export class ConnectionHealth {
  private readonly byClient = new Map<string, Stats>();

  /** Records one finished request. `outcome` other than ok counts as an error. */
  record(agency: string, clientId: string, operation: string, outcome: string, ms: number): void {
    let s = this.byClient.get(clientId);
    if (!s) {
      s = {
        agency,
        client: clientId,
        requests: 0,
        errors: 0,
        buckets: LATENCY_BUCKETS_MS.map(() => 0).concat(0),
        lastSuccessAt: null,
      };
      this.byClient.set(clientId, s);
    }
    s.requests++;
    if (outcome !== 'ok') s.errors++;
    else s.lastSuccessAt = new Date().toISOString();
    const i = LATENCY_BUCKETS_MS.findIndex((b) => ms <= b);
    s.buckets[i === -1 ? LATENCY_BUCKETS_MS.length : i] =
      (s.buckets[i === -1 ? LATENCY_BUCKETS_MS.length : i] ?? 0) + 1;
    requests.inc({ agency, client: clientId, operation, outcome });
    latency.observe({ agency, operation }, ms / 1000);
  }

  /** Per client, sorted by agency then client. */
  snapshot(): ClientHealth[] {
    return [...this.byClient.values()]
      .sort((a, b) => a.agency.localeCompare(b.agency) || a.client.localeCompare(b.client))
      .map((s) => ({
        agency: s.agency,
        client: s.client,
        requests: s.requests,
        errors: s.errors,
        errorRate: s.requests ? s.errors / s.requests : 0,
        latencyMs: {
          p50: quantile(s.buckets, 0.5),
          p95: quantile(s.buckets, 0.95),
          p99: quantile(s.buckets, 0.99),
        },
        lastSuccessAt: s.lastSuccessAt,
      }));
  }
}

/** Upper bound of the bucket holding quantile q (null when empty; Infinity past the last). */
function quantile(buckets: number[], q: number): number | null {
  const total = buckets.reduce((a, b) => a + b, 0);
  if (total === 0) return null;
  let seen = 0;
  for (const [i, n] of buckets.entries()) {
    seen += n;
    if (seen >= q * total) return LATENCY_BUCKETS_MS[i] ?? Number.POSITIVE_INFINITY;
  }
  return null;
}
