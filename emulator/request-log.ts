/**
 * Every request the emulator received, in arrival order, for tests and benchmarks to inspect. It
 * never holds the Authorization header, a token or a secret: query values whose name looks like a
 * credential are redacted, and token-endpoint bodies are not kept.
 */

export interface RequestRecord {
  method: string;
  /** The path without the query string. */
  path: string;
  query: Record<string, string>;
  /** The status answered; 0 while the request is in progress, or when its socket was dropped. */
  status: number;
  /** The parsed JSON body of a list-endpoint request, when it had one. */
  bodyJson?: unknown;
  hadBearerToken: boolean;
  /** When the request arrived, in ms on the emulator's clock. */
  at: number;
}

export type RequestObserver = (record: RequestRecord) => void;

const CREDENTIAL_NAME = /secret|token|password|assertion/i;

export const REDACTED = '[REDACTED]';

export class RequestLog {
  readonly #records: RequestRecord[] = [];

  start(method: string, url: URL, hadBearerToken: boolean, at: number): RequestRecord {
    const record: RequestRecord = {
      method,
      path: url.pathname,
      query: redactQuery(url.searchParams),
      status: 0,
      hadBearerToken,
      at,
    };
    this.#records.push(record);
    return record;
  }

  /** Copies, so a caller's edits cannot change the log. */
  all(): RequestRecord[] {
    return this.#records.map((record) => ({ ...record, query: { ...record.query } }));
  }

  clear(): void {
    this.#records.length = 0;
  }
}

function redactQuery(searchParams: URLSearchParams): Record<string, string> {
  const query: Record<string, string> = {};
  for (const [name, value] of searchParams) {
    query[name] = CREDENTIAL_NAME.test(name) ? REDACTED : value;
  }
  return query;
}
