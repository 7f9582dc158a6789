/** Where the client sends its requests, worked out from the API Root (CONTRACT §1). */
import { isIPv4 } from 'node:net';
import { InvalidParameterError } from '../runtime/errors.ts';

const PROOFPOINT_AUTH_URL = 'https://auth.proofpoint.com/v1/token';
const LISTS_PATH = '/emailProtection/modules/spam';

export type ListName = 'allow' | 'block';

const LIST_RESOURCE: Record<ListName, string> = { allow: 'orgSafeList', block: 'orgBlockList' };

export interface Endpoints {
  /** The API Root with one `/api/v1` and no trailing slash. */
  apiBaseUrl: string;
  tokenUrl: string;
}

/**
 * @param apiRoot as configured: with or without a trailing `/` or `/api/v1`.
 * @param authUrlOverride `PROOFPOINT_AUTH_URL`, for gateways and emulators.
 */
export function resolveEndpoints(apiRoot: string, authUrlOverride?: string): Endpoints {
  const root = parseServiceUrl('API Root', apiRoot);
  const path = root.pathname.replace(/\/+$/, '').replace(/\/api\/v1$/i, '');
  const apiBaseUrl = `${root.origin}${path}/api/v1`;

  if (authUrlOverride !== undefined && authUrlOverride !== '') {
    return { apiBaseUrl, tokenUrl: parseServiceUrl('PROOFPOINT_AUTH_URL', authUrlOverride).href };
  }

  const host = root.hostname.toLowerCase();
  const isProofpoint = host === 'proofpoint.com' || host.endsWith('.proofpoint.com');
  return { apiBaseUrl, tokenUrl: isProofpoint ? PROOFPOINT_AUTH_URL : `${root.origin}/v1/token` };
}

export function listUrl(endpoints: Endpoints, list: ListName): string {
  return `${endpoints.apiBaseUrl}${LISTS_PATH}/${LIST_RESOURCE[list]}`;
}

/** `localhost`, `127.0.0.0/8` and `[::1]`: the only hosts plain HTTP may reach. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  if (host === 'localhost' || host === '[::1]' || host === '::1') return true;

  return isIPv4(host) && host.startsWith('127.');
}

function parseServiceUrl(parameter: string, text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new InvalidParameterError(parameter, 'must be an https:// URL', text);
  }

  if (url.protocol === 'https:') return url;
  if (url.protocol === 'http:' && isLoopbackHost(url.hostname)) return url;
  if (url.protocol === 'http:') {
    const problem = 'must use https:// (plain http:// is allowed only for loopback hosts)';
    throw new InvalidParameterError(parameter, problem, text);
  }

  throw new InvalidParameterError(parameter, 'must be an https:// URL', text);
}
