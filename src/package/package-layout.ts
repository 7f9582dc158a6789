/**
 * Which file goes where in the built package (mp's `out` layout, secops-format.md §3.2), with
 * each file's bytes. Pure: the same sources give the same entries in the same order.
 */
import { buildAction, buildIntegration } from './built-layout.ts';
import { buildReleaseNotes } from './release-notes.ts';
import { type ActionSource, compareText, type ParsedSources } from './source-files.ts';

export const ACTIONS_DEFINITIONS_DIR = 'ActionsDefinitions';
export const ACTIONS_SCRIPTS_DIR = 'ActionsScripts';
export const RELEASE_NOTES_ENTRY = 'RN.json';
// The platform reads the logo from the .def's SVGImage; the file is a copy people can open.
export const LOGO_ENTRY = 'logo.svg';

export interface PackageEntry {
  readonly path: string;
  readonly data: Uint8Array;
}

export function integrationEntryPath(identifier: string): string {
  return `Integration-${identifier}.def`;
}

export function actionDefinitionPath(actionName: string): string {
  return `${ACTIONS_DEFINITIONS_DIR}/${actionName}.actiondef`;
}

export function scriptFileName(action: ActionSource): string {
  return `${action.script_name}.js`;
}

export function actionScriptPath(action: ActionSource): string {
  return `${ACTIONS_SCRIPTS_DIR}/${scriptFileName(action)}`;
}

/** Every file of the package, sorted by path; an action whose script is missing has none. */
export function packageEntries(sources: ParsedSources): PackageEntry[] {
  const { integration, actions, releaseNotes, logo, scripts } = sources;
  const entries: PackageEntry[] = [
    json(integrationEntryPath(integration.identifier), buildIntegration(integration, logo)),
    json(RELEASE_NOTES_ENTRY, buildReleaseNotes(releaseNotes)),
    { path: LOGO_ENTRY, data: text(logo) },
  ];
  for (const { definition } of actions) {
    entries.push(json(actionDefinitionPath(definition.name), buildAction(definition)));
    const script = scripts.get(scriptFileName(definition));
    if (script !== undefined) entries.push({ path: actionScriptPath(definition), data: script });
  }

  return entries.sort((a, b) => compareText(a.path, b.path));
}

function json(path: string, value: unknown): PackageEntry {
  return { path, data: text(`${JSON.stringify(value, null, 2)}\n`) };
}

function text(content: string): Uint8Array {
  return new TextEncoder().encode(content);
}
