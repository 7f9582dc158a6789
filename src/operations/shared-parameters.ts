/** Parameters that several list actions share, worded for the list they act on. */
import type { ListName } from '../client/endpoints.ts';
import { IOC_TYPE_FILTERS, LIST_TITLE } from '../lists/ioc-types.ts';
import type { IntegrationConfig } from '../runtime/integration-config.ts';
import { choiceParameter, type ParameterSpec, textParameter } from '../runtime/parameters.ts';

export function clusterIdParameter(list: ListName): ParameterSpec<string> {
  return textParameter('Cluster ID', {
    description:
      `The cluster ID of the ${LIST_TITLE[list]}. If no value is provided, the action uses the ` +
      'cluster ID from the integration configuration.',
  });
}

export function iocTypeFilterParameter(name: string, description: string) {
  return choiceParameter(name, {
    description,
    choices: IOC_TYPE_FILTERS,
    defaultValue: 'All',
  });
}

/** The action's Cluster ID, or the integration's when the action leaves it empty. */
export function clusterIdOf(actionClusterId: string, config: IntegrationConfig): string {
  return actionClusterId === '' ? config.clusterId : actionClusterId;
}
