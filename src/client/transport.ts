/**
 * The HTTP layer: one axios instance per client, its own agents (so Verify SSL affects nothing
 * else in the process), proxies from the environment, and axios errors turned into the client's
 * error classes before they can leak a request header.
 */
import http from 'node:http';
import https from 'node:https';
import axios, { type AxiosInstance, isAxiosError } from 'axios';
import { HttpsProxyAgent } from 'https-proxy-agent';
import { getProxyForUrl } from 'proxy-from-env';
import { CertificateError, ConnectionError, TimeoutError } from './errors.ts';

export interface HttpRequest {
  method: 'GET' | 'POST';
  url: string;
  headers: Record<string, string>;
  body?: string;
  timeoutMs: number;
  /** How errors name this call, e.g. `GET orgBlockList`; never holds a credential. */
  operation: string;
}

export interface HttpResponse {
  status: number;
  body: string;
}

export interface Transport {
  send(request: HttpRequest): Promise<HttpResponse>;
  close(): void;
}

export interface TransportOptions {
  verifySsl: boolean;
  /** The proxy for a URL, or `''`; defaults to HTTPS_PROXY / HTTP_PROXY / NO_PROXY. */
  proxyFor?: (url: string) => string;
}

// Codes Node's TLS layer gives a certificate it cannot trust; a retry cannot change the answer.
const CERTIFICATE_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

// TODO: axios costs about 13 ms of every action's start-up even with the build's stand-ins, which
// keeps Ping at 1.78 times a bare node:http script (README, Performance; target 1.5). A transport
// on node:http would meet the target, but the package's design asks for axios.
export function createTransport({
  verifySsl,
  proxyFor = getProxyForUrl,
}: TransportOptions): Transport {
  const agents = new AgentPool(verifySsl, proxyFor);
  const instance = axios.create({
    // The build leaves the fetch adapter out of the bundle (scripts/build.mjs).
    adapter: 'http',
    // The API never redirects; following one could carry the bearer token to another host.
    maxRedirects: 0,
    proxy: false,
    responseType: 'text',
    transformResponse: (data: unknown) => data,
    validateStatus: () => true,
  });

  return {
    send: (request) => send(instance, agents, request),
    close: () => agents.destroy(),
  };
}

async function send(
  instance: AxiosInstance,
  agents: AgentPool,
  request: HttpRequest,
): Promise<HttpResponse> {
  const isHttps = request.url.startsWith('https:');
  try {
    const response = await instance.request<string>({
      method: request.method,
      url: request.url,
      headers: request.headers,
      data: request.body,
      timeout: request.timeoutMs,
      ...(isHttps ? { httpsAgent: agents.https(request.url) } : { httpAgent: agents.http }),
    });
    return {
      status: response.status,
      body: typeof response.data === 'string' ? response.data : '',
    };
  } catch (error) {
    throw toClientError(error, request);
  }
}

/** Maps an axios or socket error to a client error holding no part of the request. */
export function toClientError(error: unknown, request: HttpRequest): Error {
  const code = errorCode(error);
  const host = new URL(request.url).host;

  if (code === 'ECONNABORTED' || code === 'ETIMEDOUT') {
    return new TimeoutError(`${request.operation} to ${host}`, request.timeoutMs);
  }
  if (code !== undefined && CERTIFICATE_CODES.has(code)) {
    return new CertificateError(
      `the TLS certificate of ${host} failed verification (${code}); Verify SSL is on, ` +
        'turn it off only for a server you trust',
      code,
      false,
    );
  }
  if (code === 'ECONNRESET' || code === 'EPIPE' || code === 'ERR_BAD_RESPONSE') {
    return new ConnectionError(`the connection to ${host} was dropped (${code})`, code, true);
  }

  // A refused connection or an unknown host is a configuration problem; a retry will not help.
  const retryable = code === 'EAI_AGAIN';
  return new ConnectionError(
    `could not connect to ${host} (${code ?? 'unknown error'})`,
    code,
    retryable,
  );
}

function errorCode(error: unknown): string | undefined {
  if (isAxiosError(error)) {
    const causeCode = (error.cause as NodeJS.ErrnoException | undefined)?.code;
    return error.code === 'ERR_BAD_RESPONSE' || error.code === undefined
      ? (causeCode ?? error.code)
      : error.code;
  }
  if (error instanceof Error && 'code' in error && typeof error.code === 'string')
    return error.code;

  return undefined;
}

/** Keep-alive agents, one per proxy, all with this client's certificate policy. */
class AgentPool {
  readonly http = new http.Agent({ keepAlive: true });
  readonly #direct: https.Agent;
  readonly #proxied = new Map<string, HttpsProxyAgent<string>>();

  constructor(
    private readonly verifySsl: boolean,
    private readonly proxyFor: (url: string) => string,
  ) {
    this.#direct = new https.Agent({ keepAlive: true, rejectUnauthorized: verifySsl });
  }

  /** Through a proxy the agent opens a CONNECT tunnel, so the proxy sees no header or body. */
  https(url: string): https.Agent {
    const proxyUrl = this.proxyFor(url);
    if (proxyUrl === '') return this.#direct;

    let agent = this.#proxied.get(proxyUrl);
    if (agent === undefined) {
      agent = new HttpsProxyAgent(proxyUrl, {
        keepAlive: true,
        rejectUnauthorized: this.verifySsl,
      });
      // The constructor's TLS options reach only the proxy; Node takes those of the tunnelled
      // connection to the API from `agent.options`, which https-proxy-agent leaves empty.
      Object.assign(agent.options, { rejectUnauthorized: this.verifySsl });
      this.#proxied.set(proxyUrl, agent);
    }
    return agent;
  }

  destroy(): void {
    this.http.destroy();
    this.#direct.destroy();
    for (const agent of this.#proxied.values()) agent.destroy();
  }
}
