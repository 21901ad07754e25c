import type { AccessSpec } from '../audit/index.js';

/**
 * What each registry route reads or writes, for the entry the audit hook appends
 * (src/audit/access-hook.ts): the route's action and fields, and for writes the person
 * fields the body sets.
 */
export const fieldsOf = (schema: { properties: object }) => Object.keys(schema.properties);
export const read = (action: string, fields: readonly string[]): { audit: AccessSpec } => ({
  audit: { action, kind: 'read', fields },
});
export const write = (action: string): { audit: AccessSpec } => ({ audit: { action, kind: 'write' } });
/** The person fields a write sets, from its action and body. */
export function writtenFields(action: string, body: unknown): string[] {
  const b = body as Record<string, unknown> & { changes?: object; kind?: string };
  switch (action) {
    case 'person.correction':
      return Object.keys(b.changes ?? {});
    case 'person.death':
      return ['status', 'dateOfDeath', ...(b.placeOfDeath ? ['placeOfDeath'] : [])];
    case 'person.residence':
      return [
        b.kind === 'temporary' ? 'temporaryResidence' : 'permanentResidence',
        ...(b.householdId || b.newHousehold ? ['household'] : []),
      ];
    case 'person.card':
    case 'person.card_status':
      return ['cards'];
    default:
      return Object.keys(b).filter((k) => k !== 'sourceDocument' && k !== 'registrationProvince');
  }
}
export const SEARCH_BY = ['q', 'name', 'dob', 'pid', 'oldId', 'unit'] as const;
