// Writes integration.def.json and definitions/actions/*.json from the action catalog.
import { mkdir, writeFile } from 'node:fs/promises';
import { renderActionDefinition, renderIntegrationDefinition } from '../src/definitions/render.ts';
import { ACTIONS } from '../src/operations/catalog.ts';

const toJson = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

await mkdir('definitions/actions', { recursive: true });
await writeFile('integration.def.json', toJson(renderIntegrationDefinition()));
for (const action of ACTIONS) {
  await writeFile(
    `definitions/actions/${action.scriptName}.json`,
    toJson(renderActionDefinition(action)),
  );
}
console.log(`wrote integration.def.json and ${ACTIONS.length} action definitions`);
