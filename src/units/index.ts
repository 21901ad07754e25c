/** Administrative units: provinces and communes before and after 1 July 2025, and address parsing. */
import type { ModuleRoutes } from '../shared/route-kit.js';

export const unitsRoutes: ModuleRoutes = async () => {};
