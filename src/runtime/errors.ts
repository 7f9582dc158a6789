/** Errors the runtime raises before any call is made: bad input and bad configuration. */

const MAX_SHOWN_VALUE_CHARS = 200;

/** A parameter is missing or its value cannot be used; the message names both. */
export class InvalidParameterError extends Error {
  override readonly name = 'InvalidParameterError';

  constructor(
    readonly parameter: string,
    readonly problem: string,
    shownValue?: string,
  ) {
    const got = shownValue === undefined ? '' : `; got ${quoteValue(shownValue)}`;
    super(`Parameter "${parameter}" ${problem}${got}`);
  }
}

/**
 * A run that fails as a whole yet has values to report (some invalid, some refused): the failed
 * result carries them as its JSON result, so none is lost.
 */
export class FailureWithResult extends Error {
  override readonly name = 'FailureWithResult';

  constructor(
    readonly failure: Error,
    readonly jsonResult: unknown,
  ) {
    super(failure.message);
  }
}

/** A required choice among several parameters was left open, e.g. no IOC given at all. */
export class MissingInputError extends Error {
  override readonly name = 'MissingInputError';
}

/** The action context on standard input is not what SecOps sends. */
export class InvalidContextError extends Error {
  override readonly name = 'InvalidContextError';
}

function quoteValue(value: string): string {
  const shown =
    value.length > MAX_SHOWN_VALUE_CHARS ? `${value.slice(0, MAX_SHOWN_VALUE_CHARS)}…` : value;
  return JSON.stringify(shown);
}
