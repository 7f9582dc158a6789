/**
 * The SecOps definitions (source layout), rendered from the same parameter specs the scripts
 * parse with. `npm run definitions` writes them; a test fails when the committed files differ.
 */
import type { AnyAction } from '../operations/catalog.ts';
import { INTEGRATION_PARAMETERS } from '../runtime/integration-config.ts';
import type { ParameterSpec } from '../runtime/parameters.ts';

export const INTEGRATION_IDENTIFIER = 'ProofpointThreatProtection';
export const INTEGRATION_NAME = 'Proofpoint Threat Protection';
export const INTEGRATION_VERSION = 1.0;

export interface ParameterDefinition {
  name: string;
  type: string;
  description: string;
  is_mandatory: boolean;
  default_value: string | boolean;
  optional_values?: string[];
}

export interface ActionDefinitionFile {
  name: string;
  script_name: string;
  description: string;
  integration_identifier: string;
  parameters: ParameterDefinition[];
  dynamic_results_metadata: {
    result_name: string;
    show_result: boolean;
    result_example: unknown;
  }[];
  is_async: boolean;
  script_result_name: string;
}

export interface IntegrationDefinitionFile {
  identifier: string;
  name: string;
  version: number;
  description: string;
  categories: string[];
  parameters: (ParameterDefinition & { integration_identifier: string })[];
}

export function renderIntegrationDefinition(): IntegrationDefinitionFile {
  const specs: ParameterSpec<unknown>[] = Object.values(INTEGRATION_PARAMETERS);

  return {
    identifier: INTEGRATION_IDENTIFIER,
    name: INTEGRATION_NAME,
    version: INTEGRATION_VERSION,
    description:
      'Manage the Proofpoint Threat Protection organizational allow list and block list: add ' +
      'senders, IP addresses and hosts in bulk, read the lists, and remove entries.',
    categories: ['Email Security'],
    parameters: specs.map((spec) => ({
      ...renderParameter(spec),
      integration_identifier: INTEGRATION_IDENTIFIER,
    })),
  };
}

export function renderActionDefinition(action: AnyAction): ActionDefinitionFile {
  const specs: ParameterSpec<unknown>[] = Object.values(action.parameters);
  const example = action.jsonResultExample;

  return {
    name: action.name,
    script_name: action.scriptName,
    description: action.description,
    integration_identifier: INTEGRATION_IDENTIFIER,
    parameters: specs.map(renderParameter),
    dynamic_results_metadata:
      example === undefined
        ? []
        : [{ result_name: 'JsonResult', show_result: true, result_example: example }],
    is_async: false,
    script_result_name: 'is_success',
  };
}

function renderParameter(spec: ParameterSpec<unknown>): ParameterDefinition {
  const defaultValue = spec.defaultValue ?? '';

  return {
    name: spec.name,
    type: spec.type,
    description: spec.description,
    is_mandatory: spec.mandatory,
    default_value: spec.type === 'boolean' ? defaultValue === 'true' : defaultValue,
    ...(spec.choices === undefined ? {} : { optional_values: [...spec.choices] }),
  };
}
