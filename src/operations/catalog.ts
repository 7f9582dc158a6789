/** Every action of the integration, in the order the SecOps definition lists them. */
import type { Action } from '../runtime/action.ts';
import { addEntriesAction } from './add-entries.ts';
import { addIocsAction } from './add-iocs.ts';
import { getEntriesAction } from './get-entries.ts';
import { pingAction } from './ping.ts';
import { removeEntriesAction } from './remove-entries.ts';

// The catalog only reads each action's definition, so the parameter types do not matter here.
// biome-ignore lint/suspicious/noExplicitAny: actions differ in their parameter types
export type AnyAction = Action<any>;

export const ACTIONS: readonly AnyAction[] = [
  pingAction,
  addEntriesAction('allow'),
  addEntriesAction('block'),
  addIocsAction('allow'),
  addIocsAction('block'),
  getEntriesAction('allow'),
  getEntriesAction('block'),
  removeEntriesAction('allow'),
  removeEntriesAction('block'),
];
