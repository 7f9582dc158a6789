/** Reading a request body and writing an ApiResponse, over plain HTTP or TLS alike. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApiResponse } from './api-response.ts';

/** One entry's POST is a few hundred bytes; anything near this is a client bug. */
export const MAX_BODY_BYTES = 1024 * 1024;

/** @returns the body as text, or undefined when it passes MAX_BODY_BYTES. */
export async function readBody(request: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let byteCount = 0;
  for await (const chunk of request) {
    const buffer = chunk as Buffer;
    byteCount += buffer.length;
    if (byteCount > MAX_BODY_BYTES) return undefined;

    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** @returns the JSON value, or undefined for an empty or malformed body. */
export function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined;

  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

export function writeResponse(
  response: ServerResponse,
  { status, body, headers }: ApiResponse,
): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    ...headers,
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
  });
  response.end(text);
}
