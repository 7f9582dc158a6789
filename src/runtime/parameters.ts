/**
 * Parameter specifications: one object per parameter holds what the SecOps definition shows (name,
 * type, default, choices) and how the script parses the value, so the two cannot drift apart.
 */
import * as z from 'zod/mini';
import { InvalidParameterError } from './errors.ts';

/** SecOps parameter types this package uses (`ScriptParamType` / `ActionParamType`). */
export type ParameterType = 'string' | 'password' | 'boolean' | 'ddl';

export interface ParameterSpec<T> {
  readonly name: string;
  readonly type: ParameterType;
  readonly description: string;
  readonly mandatory: boolean;
  /** The default as the definition shows it; an empty optional value parses this instead. */
  readonly defaultValue?: string;
  readonly choices?: readonly string[];
  /** Parses trimmed, non-empty text; issue messages read as "must be …". */
  readonly schema: z.ZodMiniType<T, string>;
  /** The value of an optional parameter left empty without a default. */
  readonly emptyValue?: T;
}

export type ParameterSpecs<T> = { readonly [K in keyof T]: ParameterSpec<T[K]> };

interface CommonOptions {
  description: string;
  mandatory?: boolean;
}

export function textParameter(
  name: string,
  options: CommonOptions & { defaultValue?: string },
): ParameterSpec<string> {
  return spec(name, 'string', options, z.string(), '');
}

export function passwordParameter(name: string, options: CommonOptions): ParameterSpec<string> {
  return spec(name, 'password', options, z.string(), '');
}

export function booleanParameter(
  name: string,
  options: CommonOptions & { defaultValue: boolean },
): ParameterSpec<boolean> {
  const schema = z.pipe(
    z.string().check(z.toLowerCase()),
    z.pipe(
      z.enum(['true', 'false'], { error: 'must be true or false' }),
      z.transform((text) => text === 'true'),
    ),
  );

  return spec(name, 'boolean', { ...options, defaultValue: String(options.defaultValue) }, schema);
}

export function integerParameter(
  name: string,
  options: CommonOptions & { defaultValue: number; min: number; max: number },
): ParameterSpec<number> {
  const expectation = `must be an integer from ${options.min} to ${options.max}`;
  const schema = z.pipe(
    z.string().check(z.regex(/^[+-]?\d+$/, { error: expectation })),
    z.pipe(
      z.transform(Number),
      z
        .number()
        .check(
          z.gte(options.min, { error: expectation }),
          z.lte(options.max, { error: expectation }),
        ),
    ),
  );

  return spec(name, 'string', { ...options, defaultValue: String(options.defaultValue) }, schema);
}

/** A comma-separated list; items are trimmed and empty items dropped. */
export function listParameter(name: string, options: CommonOptions): ParameterSpec<string[]> {
  // Text of commas alone is not empty, yet it names no value.
  const schema = z.pipe(
    z.string(),
    z.transform((text, context) => {
      const items = splitList(text);
      if (items.length === 0 && options.mandatory === true) {
        context.issues.push({ code: 'custom', message: 'is mandatory but empty', input: text });
      }
      return items;
    }),
  );

  return spec(name, 'string', options, schema, []);
}

/** One of a fixed set of values, matched ignoring case and returned as the definition spells it. */
export function choiceParameter<const C extends readonly [string, ...string[]]>(
  name: string,
  options: CommonOptions & { choices: C; defaultValue: C[number] },
): ParameterSpec<C[number]> {
  const expectation = `must be one of: ${options.choices.join(', ')}`;
  const schema = z.pipe(
    z.string(),
    z.transform((text, context) => {
      const choice = options.choices.find((each) => each.toLowerCase() === text.toLowerCase());
      if (choice === undefined) {
        context.issues.push({ code: 'custom', message: expectation, input: text });
      }
      return choice ?? options.choices[0];
    }),
  );

  return { ...spec(name, 'ddl', options, schema), choices: options.choices };
}

/** A JSON document, parsed and then checked by `schema`. */
export function jsonParameter<T>(
  name: string,
  options: CommonOptions & { defaultValue: string },
  schema: z.core.$ZodType<T>,
): ParameterSpec<T> {
  const fromText = z.pipe(
    z.string(),
    z.transform((text, context): unknown => {
      try {
        return JSON.parse(text);
      } catch {
        context.issues.push({ code: 'custom', message: 'must be valid JSON', input: text });
        return undefined;
      }
    }),
  );

  return spec(name, 'string', options, z.pipe(fromText, schema));
}

export function splitList(text: string): string[] {
  return text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

/** Reads every parameter of `specs` from `values` (keyed by display name). */
export function readParameters<T>(specs: ParameterSpecs<T>, values: Record<string, unknown>): T {
  const entries = Object.entries(specs) as [string, ParameterSpec<unknown>][];
  const result = Object.fromEntries(
    entries.map(([key, each]) => [key, readParameter(each, values[each.name])]),
  );

  return result as T;
}

export function readParameter<T>(parameter: ParameterSpec<T>, raw: unknown): T {
  const text = toText(parameter, raw);
  if (text !== '') return parse(parameter, text);

  if (parameter.mandatory)
    throw new InvalidParameterError(parameter.name, 'is mandatory but empty');
  if (parameter.defaultValue !== undefined && parameter.defaultValue !== '') {
    return parse(parameter, parameter.defaultValue);
  }
  if (parameter.emptyValue !== undefined) return parameter.emptyValue;

  return parse(parameter, '');
}

function spec<T>(
  name: string,
  type: ParameterType,
  options: CommonOptions & { defaultValue?: string },
  schema: z.ZodMiniType<T, string>,
  emptyValue?: T,
): ParameterSpec<T> {
  return {
    name,
    type,
    description: options.description,
    mandatory: options.mandatory ?? false,
    ...(options.defaultValue === undefined ? {} : { defaultValue: options.defaultValue }),
    schema,
    ...(emptyValue === undefined ? {} : { emptyValue }),
  };
}

/** Playbooks hand over strings; JSON numbers, booleans and, for JSON parameters, objects pass. */
function toText(parameter: ParameterSpec<unknown>, raw: unknown): string {
  if (raw === undefined || raw === null) return '';
  if (typeof raw === 'string') return raw.trim();
  if (typeof raw === 'number' || typeof raw === 'boolean') return String(raw);
  if (typeof raw === 'object') return JSON.stringify(raw);

  throw new InvalidParameterError(parameter.name, 'must be text', String(raw));
}

function parse<T>(parameter: ParameterSpec<T>, text: string): T {
  const parsed = z.safeParse(parameter.schema, text);
  if (parsed.success) return parsed.data;

  const shown = parameter.type === 'password' ? undefined : text;
  throw new InvalidParameterError(parameter.name, describeIssue(parsed.error.issues[0]), shown);
}

function describeIssue(issue: z.core.$ZodIssue | undefined): string {
  if (issue === undefined) return 'is not valid';
  if (issue.path.length === 0) return issue.message;

  const where = issue.path
    .map((key) => (typeof key === 'number' ? `item ${key + 1}` : JSON.stringify(String(key))))
    .join(', ');
  return `is invalid at ${where}: ${issue.message}`;
}
