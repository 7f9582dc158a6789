/** What the source definitions must say: the catalog's own rendering and Ping's messages. */
import {
  type ActionDefinitionFile,
  type IntegrationDefinitionFile,
  renderActionDefinition,
  renderIntegrationDefinition,
} from '../definitions/render.ts';
import type { AnyAction } from '../operations/catalog.ts';
import type { PingMessages } from './ping-messages.ts';

export interface Expectations {
  readonly integration: IntegrationDefinitionFile;
  readonly actions: readonly ActionDefinitionFile[];
  readonly pingMessages: PingMessages;
}

export function expectationsOf(
  catalog: readonly AnyAction[],
  pingMessages: PingMessages,
): Expectations {
  return {
    integration: renderIntegrationDefinition(),
    actions: catalog.map(renderActionDefinition),
    pingMessages,
  };
}
