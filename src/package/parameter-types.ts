/**
 * SecOps parameter type codes (secops-format.md §3.3/§3.4): the built definitions store these
 * integers where the source definitions name the type.
 */

/** `ScriptParamType`: integration (and connector) parameters. */
export const INTEGRATION_PARAMETER_TYPES: Readonly<Record<string, number>> = {
  boolean: 0,
  integer: 1,
  string: 2,
  password: 3,
  ip: 4,
  ip_or_host: 5,
  url: 6,
  domain: 7,
  email: 8,
  values: 9,
  values_as_semicolon_separated: 10,
  multi_value_selection: 11,
  script: 12,
  numerical_values: 13,
};

/** `ActionParamType`: action parameters. */
export const ACTION_PARAMETER_TYPES: Readonly<Record<string, number>> = {
  string: 0,
  boolean: 1,
  playbook_name: 2,
  user: 3,
  stage: 4,
  close_case_reasons: 5,
  close_root_cause: 6,
  case_priorities: 7,
  email_content: 10,
  content: 11,
  password: 12,
  entity_type: 13,
  multi_values: 14,
  ddl: 15,
  code: 16,
  time_span_seconds: 17,
  multi_choice_parameter: 21,
};

/** Action parameter types whose values come from a fixed list (`OPT_TYPES` in mp). */
export const CHOICE_TYPES: ReadonlySet<string> = new Set([
  'ddl',
  'multi_choice_parameter',
  'multi_values',
]);

/** mp's `NULL` member; the validator reports any type that would map to it. */
export const UNKNOWN_TYPE_CODE = -1;

export function typeCode(codes: Readonly<Record<string, number>>, type: string): number {
  return Object.hasOwn(codes, type) ? (codes[type] ?? UNKNOWN_TYPE_CODE) : UNKNOWN_TYPE_CODE;
}
