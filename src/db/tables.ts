/**
 * The typed table map Kysely sees. Each module adds its own tables here by declaration
 * merging from its `*.repo.ts` (or `tables.ts`), so the map is complete without this file
 * knowing any module:
 *
 * @example
 *   declare module '../db/tables.js' {
 *     interface Tables { persons: PersonRow }
 *   }
 */
// biome-ignore lint/suspicious/noEmptyInterface: filled by declaration merging
export interface Tables {}
