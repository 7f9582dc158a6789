/**
 * `npm run emulator`: runs the local Proofpoint Threat Protection emulator until SIGINT or
 * SIGTERM. Exit codes: 0 stopped cleanly, 1 could not start, 2 bad command line.
 */
import {
  type RequestRecord,
  type RunningEmulator,
  startEmulator,
} from '../emulator/create-emulator.ts';
import { formatRequestLine, formatStartupBanner } from '../emulator/startup-banner.ts';
import { runCommandLine } from './lib/command-line.ts';
import { parseEmulatorArgs, type StartEmulator, USAGE } from './lib/emulator-options.ts';

async function runEmulator(command: StartEmulator): Promise<number> {
  const onRequest = command.quiet
    ? undefined
    : (record: RequestRecord) => {
        process.stderr.write(formatRequestLine(record));
      };
  let emulator: RunningEmulator;
  try {
    emulator = await startEmulator({ ...command.options, onRequest });
  } catch (error) {
    // The message names the file or address at fault; a stack trace would only hide it.
    process.stderr.write(`emulator: ${(error as Error).message}\n`);
    return 1;
  }

  // Listen before the banner goes out: a script that reads "Press Ctrl+C" may signal at once.
  const stopSignal = nextStopSignal();
  process.stdout.write(formatStartupBanner(emulator, command.options));
  const signal = await stopSignal;
  process.stderr.write(`emulator: ${signal} received, stopping\n`);
  await emulator.stop();
  return 0;
}

function nextStopSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const stopOn = (signal: NodeJS.Signals): void => {
      process.off('SIGINT', stopOn);
      process.off('SIGTERM', stopOn);
      resolve(signal);
    };
    process.on('SIGINT', stopOn);
    process.on('SIGTERM', stopOn);
  });
}

process.exitCode = await runCommandLine(
  { name: 'emulator', usage: USAGE, parse: parseEmulatorArgs, run: runEmulator },
  process.argv.slice(2),
);
