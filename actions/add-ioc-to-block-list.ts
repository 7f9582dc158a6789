import { addIocsAction } from '../src/operations/add-iocs.ts';
import { runActionScript } from '../src/runtime/run-action.ts';

await runActionScript(addIocsAction('block'));
