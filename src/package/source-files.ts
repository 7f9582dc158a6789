/**
 * The source definitions as read from disk (integration.def.json, definitions/actions/*.json,
 * resources/), checked for shape before any rule reads them.
 */
import { z } from 'zod';
import { type Problem, problem } from './problem.ts';

export const INTEGRATION_FILE = 'integration.def.json';
export const ACTIONS_DIR = 'definitions/actions';
export const RELEASE_NOTES_FILE = 'resources/release_notes.json';
export const LOGO_FILE = 'resources/logo.svg';

const parameterSchema = z.strictObject({
  name: z.string(),
  type: z.string(),
  description: z.string(),
  is_mandatory: z.boolean(),
  default_value: z.union([z.string(), z.boolean()]),
  optional_values: z.array(z.string()).optional(),
});

const integrationSchema = z.strictObject({
  identifier: z.string(),
  name: z.string(),
  version: z.number(),
  description: z.string(),
  categories: z.array(z.string()),
  parameters: z.array(parameterSchema.extend({ integration_identifier: z.string() })),
});

const actionSchema = z.strictObject({
  name: z.string(),
  script_name: z.string(),
  description: z.string(),
  integration_identifier: z.string(),
  parameters: z.array(parameterSchema),
  dynamic_results_metadata: z.array(
    z.strictObject({
      result_name: z.string(),
      show_result: z.boolean(),
      result_example: z.unknown(),
    }),
  ),
  is_async: z.boolean(),
  script_result_name: z.string(),
});

// Mirrors the SecOps non-built release_notes.yaml entries, as JSON.
const releaseNoteSchema = z.strictObject({
  description: z.string(),
  integration_version: z.number(),
  item_name: z.string(),
  item_type: z.string(),
  publish_time: z.string(),
  new: z.boolean().optional(),
  deprecated: z.boolean().optional(),
  regressive: z.boolean().optional(),
  removed: z.boolean().optional(),
  ticket_number: z.string().optional(),
});

export type ParameterSource = z.infer<typeof parameterSchema>;
export type IntegrationSource = z.infer<typeof integrationSchema>;
export type ActionSource = z.infer<typeof actionSchema>;
export type ReleaseNoteSource = z.infer<typeof releaseNoteSchema>;

/** The files as parsed JSON (or text), keyed the way they sit on disk. */
export interface RawSources {
  readonly integration: unknown;
  /** File name under definitions/actions (e.g. `ping.json`) → its parsed JSON. */
  readonly actions: ReadonlyMap<string, unknown>;
  readonly releaseNotes: unknown;
  readonly logo: string;
  /** Bundled script file name (e.g. `ping.js`) → its bytes. */
  readonly scripts: ReadonlyMap<string, Uint8Array>;
}

export interface ActionSourceFile {
  /** The file name under definitions/actions, e.g. `ping.json`. */
  readonly file: string;
  readonly definition: ActionSource;
}

export interface ParsedSources {
  readonly integration: IntegrationSource;
  readonly actions: readonly ActionSourceFile[];
  readonly releaseNotes: readonly ReleaseNoteSource[];
  readonly logo: string;
  readonly scripts: ReadonlyMap<string, Uint8Array>;
}

export interface ParseResult {
  /** Undefined when a file the package needs did not have the expected shape. */
  readonly sources: ParsedSources | undefined;
  readonly problems: readonly Problem[];
}

export function parseSources(raw: RawSources): ParseResult {
  const problems: Problem[] = [];
  const integration = parseFile(integrationSchema, raw.integration, INTEGRATION_FILE, problems);
  const releaseNotes = parseFile(
    z.array(releaseNoteSchema).min(1),
    raw.releaseNotes,
    RELEASE_NOTES_FILE,
    problems,
  );
  const actions = [...raw.actions].sort(([a], [b]) => compareText(a, b));
  const parsedActions = actions.flatMap(([file, json]): ActionSourceFile[] => {
    const definition = parseFile(actionSchema, json, `${ACTIONS_DIR}/${file}`, problems);
    return definition === undefined ? [] : [{ file, definition }];
  });

  if (integration === undefined || releaseNotes === undefined || problems.length > 0) {
    return { sources: undefined, problems };
  }
  const { logo, scripts } = raw;
  return {
    sources: { integration, actions: parsedActions, releaseNotes, logo, scripts },
    problems,
  };
}

/** Orders by UTF-16 code unit, independent of the machine's locale. */
export function compareText(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

function parseFile<T>(
  schema: z.ZodType<T>,
  json: unknown,
  where: string,
  problems: Problem[],
): T | undefined {
  const parsed = schema.safeParse(json);
  if (parsed.success) return parsed.data;

  const issue = parsed.error.issues[0];
  const path = issue?.path.join('.') ?? '';
  const message = `${path === '' ? '' : `${path}: `}${issue?.message ?? 'unexpected shape'}`;
  problems.push(problem('source-format', where, message));
  return undefined;
}
