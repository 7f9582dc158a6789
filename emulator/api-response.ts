/** An answer before it is written: every error carries the API's `errorMessage` body. */

export interface ApiResponse {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export function errorResponse(
  status: number,
  errorMessage: string,
  headers?: Record<string, string>,
): ApiResponse {
  return headers === undefined
    ? { status, body: { errorMessage } }
    : { status, body: { errorMessage }, headers };
}
