/**
 * The population registry: persons, personal ID numbers, ID cards, households, residence
 * and full history. Every change is an event; the `persons` table is their projection.
 */
export { type BulkResult, countPersons, registerBulk } from './bulk.js';
export { cardExpiry, cardStatusOn } from './card-rule.js';
export { renderConfirmationHtml } from './confirmation-html.js';
export { getPersonsForVerification, getVerifiablePersons, type VerifiablePerson } from './exchange-reads.js'; // for the exchange module
export { applyEvent, foldName, type PersonState, type RegistryEvent } from './fold.js';
export { type LinkagePerson, streamLinkagePersons } from './linkage-reads.js'; // for cleaning and synth
export { checkPid, decodePid, encodePid, type PersonalId, type PidParts } from './pid.js';
export {
  getHistory,
  getHousehold,
  getPerson,
  getPersonHousehold,
  residenceConfirmation,
  search,
} from './queries.service.js';
export { registryRoutes } from './registry.routes.js';
export * from './registry.schemas.js';
export { registerBirth } from './registry.service.js';
export {
  changeCardStatus,
  correctDetails,
  issueCard,
  registerDeath,
  registerResidence,
} from './updates.service.js';
export type { WriteOptions } from './write-core.js';
