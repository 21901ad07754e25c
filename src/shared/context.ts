import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Who is acting. Services receive it explicitly (first argument after the database) so
 * that the access check at the top of every service method is visible; the request
 * context below carries it too, for logging and audit.
 */
export interface Actor {
  /** Stable id: `operator:<username>`, `system:seed`, `system:cli`, … */
  id: string;
  kind: 'operator' | 'system';
  roles: readonly Role[];
  /**
   * Administrative unit codes (province or commune, post- or pre-2025) this actor may
   * write in. An empty list with role `admin` means everywhere.
   */
  units: readonly string[];
}

export type Role = 'admin' | 'clerk' | 'viewer' | 'data_officer';

export const systemActor = (name: string): Actor => ({
  id: `system:${name}`,
  kind: 'system',
  roles: ['admin'],
  units: [],
});

export interface RequestContext {
  requestId: string;
  actor?: Actor;
}

const storage = new AsyncLocalStorage<RequestContext>();

/** Runs `fn` with `ctx` as the current request context. */
export const runWithContext = <T>(ctx: RequestContext, fn: () => T): T => storage.run(ctx, fn);

/** The current request context, if any (undefined outside a request, e.g. in the CLI). */
export const currentContext = (): RequestContext | undefined => storage.getStore();
