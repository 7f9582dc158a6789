import { getEntriesAction } from '../src/operations/get-entries.ts';
import { runActionScript } from '../src/runtime/run-action.ts';

await runActionScript(getEntriesAction('allow'));
