/** Levelled logging to standard error, with secrets masked before a line is written. */

export type LogLevel = 'error' | 'warn' | 'info' | 'debug';

const LEVEL_RANK: Record<LogLevel, number> = { error: 0, warn: 1, info: 2, debug: 3 };
const PREFIX = '[proofpoint-threat-protection]';
const REDACTED = '[REDACTED]';

export interface Logger {
  error(message: string): void;
  warn(message: string): void;
  info(message: string): void;
  debug(message: string): void;
  /** Masks `secret` in every later line; short values are ignored as they would mask noise. */
  addSecret(secret: string): void;
  /** `text` with every known secret masked. */
  redact(text: string): string;
  /** Every line written so far, already redacted, for the result's `DebugOutput`. */
  lines(): readonly string[];
}

export interface LoggerOptions {
  level: LogLevel;
  write?: (line: string) => void;
}

export function parseLogLevel(raw: string | undefined): LogLevel {
  const level = raw?.trim().toLowerCase();
  return level !== undefined && Object.hasOwn(LEVEL_RANK, level) ? (level as LogLevel) : 'warn';
}

export function createLogger({ level, write = writeToStderr }: LoggerOptions): Logger {
  const secrets = new Set<string>();
  const written: string[] = [];

  const log = (lineLevel: LogLevel, message: string): void => {
    if (LEVEL_RANK[lineLevel] > LEVEL_RANK[level]) return;

    const line = `${PREFIX} ${lineLevel.toUpperCase()} ${redact(message, secrets)}`;
    written.push(line);
    write(line);
  };

  return {
    error: (message) => log('error', message),
    warn: (message) => log('warn', message),
    info: (message) => log('info', message),
    debug: (message) => log('debug', message),
    addSecret: (secret) => {
      if (secret.length >= 4) secrets.add(secret);
    },
    redact: (text) => redact(text, secrets),
    lines: () => written,
  };
}

/** Replaces every known secret, and anything shaped like a bearer credential, in `text`. */
export function redact(text: string, secrets: Iterable<string>): string {
  let result = text.replace(/(Bearer\s+)[^\s"',]+/gi, `$1${REDACTED}`);
  for (const secret of secrets) result = result.split(secret).join(REDACTED);
  return result;
}

function writeToStderr(line: string): void {
  process.stderr.write(`${line}\n`);
}
