import { pingAction } from '../src/operations/ping.ts';
import { runActionScript } from '../src/runtime/run-action.ts';

await runActionScript(pingAction);
