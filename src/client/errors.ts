/**
 * Every failure the Proofpoint client reports. Messages name the status, the API's own
 * `errorMessage`, the host or the time limit, and never a credential: no request headers, bodies
 * or query strings are kept on these errors.
 */

export class ProofpointError extends Error {
  override readonly name: string = 'ProofpointError';
}

/** The API answered with an error status. */
export class ApiError extends ProofpointError {
  override readonly name: string = 'ApiError';

  constructor(
    readonly status: number,
    readonly apiMessage: string | undefined,
    readonly operation: string,
  ) {
    const detail = apiMessage === undefined ? '' : `: ${apiMessage}`;
    super(`${operation} failed with HTTP ${status}${detail}`);
  }
}

/** The token endpoint refused the credentials, or the API refused the token (401/403). */
export class AuthenticationError extends ApiError {
  override readonly name = 'AuthenticationError';
}

/** HTTP 429. Proofpoint sends no `Retry-After`, so the client decides how long to wait. */
export class RateLimitError extends ApiError {
  override readonly name = 'RateLimitError';
}

/** No HTTP answer: refused, reset, unresolvable host, or a TLS failure. */
export class ConnectionError extends ProofpointError {
  override readonly name: string = 'ConnectionError';

  constructor(
    message: string,
    readonly code: string | undefined,
    /** True for a connection dropped mid-call, which another try may get through. */
    readonly retryable: boolean,
  ) {
    super(message);
  }
}

/** The server's certificate failed verification. */
export class CertificateError extends ConnectionError {
  override readonly name = 'CertificateError';
}

export class TimeoutError extends ProofpointError {
  override readonly name = 'TimeoutError';

  constructor(
    readonly operation: string,
    readonly timeoutMs: number,
  ) {
    super(`${operation} timed out after ${timeoutMs} ms`);
  }
}

/** A 2xx answer whose body is not what the API documents. */
export class UnexpectedResponseError extends ProofpointError {
  override readonly name = 'UnexpectedResponseError';
}

/** The action's deadline leaves no time for this call (or for another try of it). */
export class DeadlineError extends ProofpointError {
  override readonly name = 'DeadlineError';

  constructor(
    message: string,
    /**
     * Whether an earlier try may have changed the list: a POST answered 5xx, timed out or
     * dropped. If not, the call is as good as never sent.
     */
    readonly mayHaveLanded: boolean,
  ) {
    super(message);
  }
}
