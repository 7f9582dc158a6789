/** Name limits from mp's constants (`SCRIPT_IDENTIFIER_REGEX`, `PARAM_DISPLAY_NAME_REGEX`, …). */

export const IDENTIFIER_PATTERN = /^[a-zA-Z0-9_-]+$/;
/** Integration display names and action names. */
export const DISPLAY_NAME_PATTERN = /^[a-zA-Z0-9\s-]+$/;
export const PARAMETER_NAME_PATTERN = /^[a-zA-Z0-9'\s-]+$/;
/**
 * Action parameters may also use parentheses: the contract and the product page name an IOC-type
 * parameter "Message Header From (Address Only)", and mp itself excepts such names.
 */
export const ACTION_PARAMETER_NAME_PATTERN = /^[a-zA-Z0-9'()\s-]+$/;

export const NAME_MAX_LENGTH = 150;
export const PARAMETER_NAME_MAX_WORDS = 7;
export const DESCRIPTION_MAX_LENGTH = 2050;
export const INTEGRATION_DESCRIPTION_MAX_LENGTH = 2200;

/** Why `name` breaks `pattern` or the length limit, or undefined when it does not. */
export function nameFault(name: string, pattern: RegExp): string | undefined {
  if (!pattern.test(name)) return `"${name}" does not match ${pattern.source}`;
  if (name.length > NAME_MAX_LENGTH) {
    return `"${name}" is longer than ${NAME_MAX_LENGTH} characters`;
  }
  return undefined;
}

/** Like `nameFault`, plus mp's limit on the number of words in a parameter name. */
export function parameterNameFault(name: string, pattern: RegExp): string | undefined {
  const words = name.trim().split(/\s+/).length;
  if (words > PARAMETER_NAME_MAX_WORDS) {
    return `"${name}" has ${words} words, more than ${PARAMETER_NAME_MAX_WORDS}`;
  }
  return nameFault(name, pattern);
}

export function descriptionFault(description: string, maxLength: number): string | undefined {
  if (description.trim() === '') return 'the description is empty';
  if (description.length > maxLength) {
    return `the description is longer than ${maxLength} characters`;
  }
  return undefined;
}
