/** Plain HTTP calls to a running emulator, as a client of the real API would make them. */
import type { ListName, RunningEmulator } from '../../emulator/create-emulator.ts';

export const LIST_PATHS: Record<ListName, string> = {
  allow: '/api/v1/emailProtection/modules/spam/orgSafeList',
  block: '/api/v1/emailProtection/modules/spam/orgBlockList',
};

export interface Answer {
  status: number;
  json: unknown;
  headers: Headers;
}

export async function toAnswer(response: Response): Promise<Answer> {
  const text = await response.text();
  return {
    status: response.status,
    json: text === '' ? undefined : JSON.parse(text),
    headers: response.headers,
  };
}

export async function requestToken(
  emulator: Pick<RunningEmulator, 'apiRoot' | 'clientId' | 'clientSecret'>,
  form: Record<string, string> = {
    grant_type: 'client_credentials',
    client_id: emulator.clientId,
    client_secret: emulator.clientSecret,
  },
): Promise<Answer> {
  const response = await fetch(`${emulator.apiRoot}/v1/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
  });
  return toAnswer(response);
}

export async function getToken(emulator: RunningEmulator): Promise<string> {
  const answer = await requestToken(emulator);
  const body = answer.json as { access_token?: unknown };
  if (answer.status !== 200 || typeof body.access_token !== 'string') {
    throw new Error(`token request failed with ${answer.status}`);
  }
  return body.access_token;
}

export interface ListCall {
  list: ListName;
  token: string | undefined;
  /** Default: the emulator's cluster; `null` leaves the parameter out. */
  clusterId?: string | null;
  /** POST this JSON body; GET when absent. */
  body?: unknown;
}

export async function callList(emulator: RunningEmulator, call: ListCall): Promise<Answer> {
  const url = new URL(LIST_PATHS[call.list], emulator.apiRoot);
  const clusterId = call.clusterId === undefined ? emulator.clusterId : call.clusterId;
  if (clusterId !== null) url.searchParams.set('clusterId', clusterId);

  const headers: Record<string, string> = { accept: 'application/json' };
  if (call.token !== undefined) headers['authorization'] = `Bearer ${call.token}`;
  if (call.body === undefined) return toAnswer(await fetch(url, { headers }));

  headers['content-type'] = 'application/json';
  return toAnswer(await fetch(url, { method: 'POST', headers, body: JSON.stringify(call.body) }));
}

export interface TestEntry {
  attribute: string;
  operator: string;
  value: string;
  comment?: string | null | undefined;
  [field: string]: unknown;
}

/** A `$from equal` entry, with any field replaced or added through `extra`, even a wrong one. */
export function entry(value: string, extra: Record<string, unknown> = {}): TestEntry {
  return { attribute: '$from', operator: 'equal', value, ...extra } as TestEntry;
}
