/** The action context SecOps hands a script on standard input (CONTRACT §2). */
import * as z from 'zod/mini';
import { InvalidContextError } from './errors.ts';

const parameterValues = z.record(z.string(), z.unknown());

const actionContextSchema = z.object({
  parameters: z.optional(parameterValues),
  integration_configuration: z.optional(parameterValues),
  execution_deadline_unix_time_ms: z.optional(z.coerce.number().check(z.int(), z.positive())),
});

export interface ActionContext {
  parameters: Record<string, unknown>;
  /** Absent when the integration parameters are to come from the environment. */
  integrationConfiguration: Record<string, unknown> | undefined;
  deadlineUnixMs: number | undefined;
}

/** Parses standard input; empty input is an empty context. */
export function parseActionContext(input: string): ActionContext {
  const text = input.trim();
  const document = text === '' ? {} : parseJson(text);
  if (typeof document !== 'object' || document === null || Array.isArray(document)) {
    throw new InvalidContextError('the action context on standard input must be a JSON object');
  }

  const parsed = z.safeParse(actionContextSchema, document);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.map(String).join('.') ?? '';
    throw new InvalidContextError(`the action context field "${where}" is invalid`);
  }

  return {
    parameters: parsed.data.parameters ?? {},
    integrationConfiguration: parsed.data.integration_configuration,
    deadlineUnixMs: parsed.data.execution_deadline_unix_time_ms,
  };
}

// JSON.parse quotes the input near the fault, and the input may hold the Client Secret, so its
// message is not passed on.
function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new InvalidContextError('the action context on standard input is not valid JSON');
  }
}
