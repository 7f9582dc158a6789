import { removeEntriesAction } from '../src/operations/remove-entries.ts';
import { runActionScript } from '../src/runtime/run-action.ts';

await runActionScript(removeEntriesAction('allow'));
