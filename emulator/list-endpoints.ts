/** `GET` and `POST` on orgSafeList and orgBlockList: read a list, or add or delete one entry. */
import { type ApiResponse, errorResponse } from './api-response.ts';
import type { EmulatorClient } from './clients.ts';
import { type ListName, parseListChange } from './entry-rules.ts';
import type { EntryList, ListStore } from './list-store.ts';
import { RATE_LIMIT_MESSAGE, type RateLimiter } from './rate-limiter.ts';
import type { TokenStore } from './token-store.ts';

export const LIST_PATHS: Readonly<Record<string, ListName>> = {
  '/api/v1/emailProtection/modules/spam/orgSafeList': 'allow',
  '/api/v1/emailProtection/modules/spam/orgBlockList': 'block',
};

export const DUPLICATE_ENTRY = 'error.api.emailprotection.lists.samelist.duplicate.entry';
export const ENTRY_NOT_FOUND = 'error.api.emailprotection.lists.entry.not.found';

export interface ListRequest {
  method: 'GET' | 'POST';
  list: ListName;
  clusterId: string | null;
  authorization: string | undefined;
  /** The parsed JSON body, or undefined when it was empty or not JSON. */
  bodyJson: unknown;
}

export interface ListContext {
  clients: ReadonlyMap<string, EmulatorClient>;
  tokens: TokenStore;
  rateLimiter: RateLimiter;
  store: ListStore;
  /** Resolves once the change is on disk; a no-op without a state file. */
  persist: () => Promise<void>;
}

export async function handleListRequest(
  request: ListRequest,
  context: ListContext,
): Promise<ApiResponse> {
  const token = bearerToken(request.authorization);
  const checked = token === undefined ? undefined : context.tokens.check(token);
  if (checked === undefined || !checked.ok) {
    const expired = checked?.ok === false && checked.reason === 'expired';
    return errorResponse(401, expired ? 'The access token has expired' : 'Invalid access token');
  }

  if (!context.rateLimiter.allow(checked.clientId)) return errorResponse(429, RATE_LIMIT_MESSAGE);

  const clusterId = request.clusterId ?? '';
  if (clusterId === '') return errorResponse(400, 'ClusterId is required.');

  const client = context.clients.get(checked.clientId);
  if (client === undefined || !client.clusters.includes(clusterId)) {
    return errorResponse(403, 'No permission to perform this action.');
  }

  const entries = context.store.list(clusterId, request.list);
  if (request.method === 'GET') return { status: 200, body: { entries: entries.toWire() } };

  return changeEntry(request, entries, context.persist);
}

async function changeEntry(
  request: ListRequest,
  entries: EntryList,
  persist: () => Promise<void>,
): Promise<ApiResponse> {
  const parsed = parseListChange(request.list, request.bodyJson);
  if (!parsed.ok) return errorResponse(400, parsed.errorMessage);

  const { action, ...entry } = parsed.change;
  if (action === 'add' && !entries.add(entry)) return errorResponse(400, DUPLICATE_ENTRY);
  if (action === 'delete' && !entries.delete(entry)) return errorResponse(404, ENTRY_NOT_FOUND);

  try {
    await persist();
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    return errorResponse(500, `the emulator could not save its state file (${reason})`);
  }
  return { status: 200, body: {} };
}

function bearerToken(authorization: string | undefined): string | undefined {
  return /^Bearer +(\S+) *$/i.exec(authorization ?? '')?.[1];
}

export function hasBearerToken(authorization: string | undefined): boolean {
  return bearerToken(authorization) !== undefined;
}
