import type { Db } from '../db/index.js';
import type { Actor } from '../shared/context.js';
import { forbidden, unauthorized } from '../shared/errors.js';
import { unitContains } from './units-port.js';

/**
 * Who may do what in the registry: every role reads; admins write everywhere; clerks
 * write where one of their units contains the target unit; viewers never write.
 */
export function assertCanRead(actor: Actor | undefined): asserts actor is Actor {
  if (!actor) throw unauthorized('auth.required', 'Log in first');
  if (actor.roles.length === 0) throw forbidden('registry.no_role', 'This account has no registry role');
}

/** Throws 403 unless `actor` may write in `targetUnit`. */
export async function assertCanWrite(db: Db, actor: Actor | undefined, targetUnit: string): Promise<void> {
  assertCanRead(actor);
  if (actor.roles.includes('admin')) return;
  if (!actor.roles.includes('clerk')) throw forbidden('registry.read_only', 'This account may only read');
  for (const unit of actor.units) if (await unitContains(db, unit, targetUnit)) return;
  throw forbidden('registry.outside_units', `Unit ${targetUnit} is outside the units this clerk works in`);
}
