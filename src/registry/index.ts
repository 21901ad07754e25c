/** The population registry: persons, ID numbers, ID cards, households, residence, history. */
import type { ModuleRoutes } from '../shared/route-kit.js';

export const registryRoutes: ModuleRoutes = async () => {};
