/** `POST /v1/token`: OAuth client credentials, from a form body only. */
import { type ApiResponse, errorResponse } from './api-response.ts';
import type { EmulatorClient } from './clients.ts';
import type { TokenStore } from './token-store.ts';

export const TOKEN_PATH = '/v1/token';

export interface TokenRequest {
  query: URLSearchParams;
  contentType: string | undefined;
  body: string;
}

const CREDENTIAL_FIELDS = ['client_id', 'client_secret', 'grant_type'];

export function handleTokenRequest(
  request: TokenRequest,
  clients: ReadonlyMap<string, EmulatorClient>,
  tokens: TokenStore,
): ApiResponse {
  // A secret in a URL ends up in proxy and server logs, so it is refused rather than ignored.
  if (CREDENTIAL_FIELDS.some((field) => request.query.has(field))) {
    return errorResponse(400, 'credentials must be sent in the request body, not in the URL');
  }

  const mediaType = request.contentType?.split(';')[0]?.trim().toLowerCase();
  if (mediaType !== 'application/x-www-form-urlencoded') {
    return errorResponse(400, 'Content-Type must be application/x-www-form-urlencoded');
  }

  const form = new URLSearchParams(request.body);
  if (form.get('grant_type') !== 'client_credentials') {
    return errorResponse(400, 'unsupported grant_type');
  }

  const client = clients.get(form.get('client_id') ?? '');
  if (client === undefined || client.clientSecret !== form.get('client_secret')) {
    return errorResponse(401, 'Invalid client credentials');
  }

  const body = {
    access_token: tokens.issue(client.clientId),
    token_type: 'Bearer',
    expires_in: tokens.tokenLifetimeSeconds,
  };
  return { status: 200, body, headers: { 'cache-control': 'no-store' } };
}
