/** What the command-line tools share: strict flags, usage errors, --help and exit codes. */
import { type ParseArgsConfig, parseArgs } from 'node:util';

/** A command line a tool cannot run; the message names the flag and the value refused. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** What a tool's parser gives: a request for help, or what to run. */
export type Command<Run extends { kind: 'run' }> = { kind: 'help' } | Run;

export interface CommandLineTool<Run extends { kind: 'run' }> {
  /** Prefixes every usage error, e.g. `emulator`. */
  name: string;
  usage: string;
  /** @throws UsageError */
  parse(args: readonly string[]): Command<Run>;
  /** Resolves to the exit code. */
  run(command: Run): Promise<number>;
}

/** Exit codes: 0 after --help, 2 on a usage error, otherwise what the tool's run gives. */
export async function runCommandLine<Run extends { kind: 'run' }>(
  tool: CommandLineTool<Run>,
  args: readonly string[],
): Promise<number> {
  let command: Command<Run>;
  try {
    command = tool.parse(args);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;

    process.stderr.write(`${tool.name}: ${error.message}\nRun with --help for the options.\n`);
    return 2;
  }

  if (command.kind === 'help') {
    process.stdout.write(tool.usage);
    return 0;
  }

  return await tool.run(command);
}

type Flags = NonNullable<ParseArgsConfig['options']>;

/** Node's parseArgs, strict and without positional arguments, its refusals as UsageError. */
export function parseFlags<T extends Flags>(args: readonly string[], flags: T) {
  try {
    return parseArgs({ args: [...args], options: flags, strict: true, allowPositionals: false })
      .values;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** @throws UsageError unless `text` is a whole number from `minimum` to `maximum`. */
export function wholeNumber(
  flag: string,
  text: string,
  minimum: number,
  maximum = Number.MAX_SAFE_INTEGER,
): number {
  const value = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!(value >= minimum && value <= maximum)) {
    const range =
      maximum === Number.MAX_SAFE_INTEGER ? `at least ${minimum}` : `${minimum}-${maximum}`;
    throw new UsageError(`${flag} must be a whole number, ${range}, got "${text}"`);
  }
  return value;
}
