/**
 * One request, start to end: log it, read its body, wait the latency, apply any fault, then route
 * it to the token or list endpoint and write the answer.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { type ApiResponse, errorResponse } from './api-response.ts';
import type { EmulatorClient } from './clients.ts';
import type { ListName } from './entry-rules.ts';
import type { FaultControls, FaultRequest } from './faults.ts';
import { parseJson, readBody, writeResponse } from './http-io.ts';
import {
  handleListRequest,
  hasBearerToken,
  LIST_PATHS,
  type ListContext,
} from './list-endpoints.ts';
import type { ListStore } from './list-store.ts';
import type { RateLimiter } from './rate-limiter.ts';
import type { RequestLog, RequestObserver, RequestRecord } from './request-log.ts';
import type { StateFileWriter } from './state-file.ts';
import { handleTokenRequest, TOKEN_PATH } from './token-endpoint.ts';
import type { TokenStore } from './token-store.ts';

/** Everything a request can read or change; one per running emulator. */
export interface EmulatorState {
  clients: Map<string, EmulatorClient>;
  tokens: TokenStore;
  rateLimiter: RateLimiter;
  faults: FaultControls;
  store: ListStore;
  log: RequestLog;
  writer: StateFileWriter | undefined;
  clock: () => number;
  onRequest: RequestObserver | undefined;
  stopping: AbortController;
}

type Route = { endpoint: 'token' } | { endpoint: 'lists'; list: ListName } | { endpoint: 'other' };

export async function handleRequest(
  emulator: EmulatorState,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const url = new URL(request.url ?? '/', 'http://emulator');
  const method = request.method ?? 'GET';
  const route = routeOf(url.pathname);
  const authorization = request.headers.authorization;
  const record = emulator.log.start(method, url, hasBearerToken(authorization), emulator.clock());

  try {
    const body = await readBody(request);
    if (emulator.faults.latencyMs > 0) {
      await sleep(emulator.faults.latencyMs, undefined, { signal: emulator.stopping.signal });
    }

    const bodyJson = route.endpoint === 'lists' && body !== undefined ? parseJson(body) : undefined;
    if (bodyJson !== undefined) record.bodyJson = bodyJson;

    const faultRequest: FaultRequest = { endpoint: route.endpoint, method };
    if (emulator.faults.takeDrop(faultRequest)) {
      request.socket.destroy();
      return;
    }

    const injected = emulator.faults.takeFailure(faultRequest);
    const parts = { url, method, authorization, request, body, bodyJson };
    const answer = injected
      ? errorResponse(injected.status, injected.errorMessage)
      : await answerRequest(emulator, route, parts);
    record.status = answer.status;
    writeResponse(response, answer);
  } catch (error) {
    answerFailure(emulator, request, response, record, error);
  } finally {
    emulator.onRequest?.({ ...record, query: { ...record.query } });
  }
}

function answerFailure(
  emulator: EmulatorState,
  request: IncomingMessage,
  response: ServerResponse,
  record: RequestRecord,
  error: unknown,
): void {
  // Stopping, or the client went away: there is no one left to answer.
  if (emulator.stopping.signal.aborted || response.headersSent || request.socket.destroyed) {
    request.socket.destroy();
    return;
  }

  record.status = 500;
  writeResponse(response, errorResponse(500, `emulator error: ${(error as Error).message}`));
}

interface RequestParts {
  url: URL;
  method: string;
  authorization: string | undefined;
  request: IncomingMessage;
  /** Undefined when the body was too large. */
  body: string | undefined;
  bodyJson: unknown;
}

async function answerRequest(
  emulator: EmulatorState,
  route: Route,
  parts: RequestParts,
): Promise<ApiResponse> {
  if (route.endpoint === 'other') {
    return errorResponse(404, `no such resource: ${parts.method} ${parts.url.pathname}`);
  }

  const allowed = route.endpoint === 'token' ? ['POST'] : ['GET', 'POST'];
  if (!allowed.includes(parts.method)) {
    return errorResponse(405, `method ${parts.method} is not allowed here`, {
      allow: allowed.join(', '),
    });
  }
  if (parts.body === undefined) {
    return errorResponse(413, 'the request body is too large', { connection: 'close' });
  }

  if (route.endpoint === 'token') {
    const tokenRequest = {
      query: parts.url.searchParams,
      contentType: parts.request.headers['content-type'],
      body: parts.body,
    };
    return handleTokenRequest(tokenRequest, emulator.clients, emulator.tokens);
  }

  const listRequest = {
    method: parts.method as 'GET' | 'POST',
    list: route.list,
    clusterId: parts.url.searchParams.get('clusterId'),
    authorization: parts.authorization,
    bodyJson: parts.bodyJson,
  };
  return handleListRequest(listRequest, listContext(emulator));
}

function listContext(emulator: EmulatorState): ListContext {
  const { clients, tokens, rateLimiter, store, writer } = emulator;
  const persist = writer === undefined ? () => Promise.resolve() : () => writer.save();
  return { clients, tokens, rateLimiter, store, persist };
}

function routeOf(pathname: string): Route {
  // A trailing slash reaches the same resource, as most API gateways allow.
  const path = pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname;
  if (path === TOKEN_PATH) return { endpoint: 'token' };

  const list = LIST_PATHS[path];
  return list === undefined ? { endpoint: 'other' } : { endpoint: 'lists', list };
}
