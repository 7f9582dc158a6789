/** Where parameters live: the integration definition and each action definition. */
import {
  ACTIONS_DIR,
  type ActionSourceFile,
  INTEGRATION_FILE,
  type ParameterSource,
  type ParsedSources,
} from './source-files.ts';

/** The parameters of the integration or of one action, and where they are defined. */
export interface ParameterOwner {
  readonly where: string;
  readonly kind: 'integration' | 'action';
  readonly parameters: readonly ParameterSource[];
}

export function actionWhere({ file }: ActionSourceFile): string {
  return `${ACTIONS_DIR}/${file}`;
}

export function parameterOwners({ integration, actions }: ParsedSources): ParameterOwner[] {
  const owners: ParameterOwner[] = [
    { where: INTEGRATION_FILE, kind: 'integration', parameters: integration.parameters },
  ];
  for (const action of actions) {
    owners.push({
      where: actionWhere(action),
      kind: 'action',
      parameters: action.definition.parameters,
    });
  }
  return owners;
}
