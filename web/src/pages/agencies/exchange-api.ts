/**
 * The exchange operator API (/api/v1/exchange, admin): agencies, clients and their keys,
 * purposes, grants and connection health. Types come from the server's schemas.
 */
import type { Static } from 'typebox';
import type { FailingWebhook as FailingWebhookBase } from '../../../../src/events/webhook-health.js';
import type {
  Agency,
  AgencyInput,
  Client,
  Jwks,
  Purpose,
} from '../../../../src/exchange/exchange.schemas.js';
import type { ClientHealth } from '../../../../src/exchange/health.js';
import { request } from '../../api.js';

export type AgencyView = Static<typeof Agency>;
export type ClientView = Static<typeof Client>;
export type PurposeView = Static<typeof Purpose>;
export type JwksBody = Static<typeof Jwks>;
export type Jwk = JwksBody['keys'][number];
export type AgencyInputBody = Static<typeof AgencyInput>;
export type AgencyKind = AgencyInputBody['kind'];

export type { ClientHealth };
/** A failing webhook subscription with the agency of the client that owns it. */
export type FailingWebhook = FailingWebhookBase & { agency: string | null; agencyCode: string | null };

const base = '/exchange';
const enc = encodeURIComponent;

export const exchangeApi = {
  agencies: () => request<{ items: AgencyView[] }>('GET', `${base}/agencies`),
  agency: (idOrCode: string) =>
    request<AgencyView & { clients: ClientView[] }>('GET', `${base}/agencies/${enc(idOrCode)}`),
  addAgency: (body: AgencyInputBody) => request<AgencyView>('POST', `${base}/agencies`, { body }),
  addClient: (agency: string, body: { name: string; jwks: JwksBody }) =>
    request<ClientView>('POST', `${base}/agencies/${enc(agency)}/clients`, { body }),
  keys: (clientId: string) => request<JwksBody>('GET', `${base}/clients/${enc(clientId)}/keys`),
  putKeys: (clientId: string, jwks: JwksBody) =>
    request<ClientView>('PUT', `${base}/clients/${enc(clientId)}/keys`, { body: jwks }),
  grant: (clientId: string, purpose: string) =>
    request<ClientView>('POST', `${base}/clients/${enc(clientId)}/grants`, { body: { purpose } }),
  revoke: (clientId: string, purpose: string) =>
    request<ClientView>('DELETE', `${base}/clients/${enc(clientId)}/grants/${enc(purpose)}`),
  purposes: () => request<{ items: PurposeView[] }>('GET', `${base}/purposes`),
  health: () => request<{ items: ClientHealth[]; webhooks: FailingWebhook[] }>('GET', `${base}/health`),
};
