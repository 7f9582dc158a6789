import { addEntriesAction } from '../src/operations/add-entries.ts';
import { runActionScript } from '../src/runtime/run-action.ts';

await runActionScript(addEntriesAction('block'));
