/** The integration parameters (CONTRACT §1), from the action context or from the environment. */
import dotenv from 'dotenv';
import {
  booleanParameter,
  type ParameterSpecs,
  passwordParameter,
  readParameters,
  textParameter,
} from './parameters.ts';

export const DEFAULT_API_ROOT = 'https://threatprotection-api.proofpoint.com';

export interface IntegrationConfig {
  apiRoot: string;
  clientId: string;
  clientSecret: string;
  clusterId: string;
  verifySsl: boolean;
}

export const INTEGRATION_PARAMETERS: ParameterSpecs<IntegrationConfig> = {
  apiRoot: textParameter('API Root', {
    description:
      'The base URL of the Proofpoint Threat Protection API, with or without a trailing /api/v1.',
    mandatory: true,
    defaultValue: DEFAULT_API_ROOT,
  }),
  clientId: textParameter('Client ID', {
    description: 'The client ID of the Proofpoint Threat Protection API key.',
    mandatory: true,
  }),
  clientSecret: passwordParameter('Client Secret', {
    description: 'The client secret of the Proofpoint Threat Protection API key.',
    mandatory: true,
  }),
  clusterId: textParameter('Cluster ID', {
    description:
      'The ID of the Proofpoint cluster whose lists the actions manage, as shown in the ' +
      'upper-right corner of the Proofpoint admin portal.',
    mandatory: true,
  }),
  verifySsl: booleanParameter('Verify SSL', {
    description: 'If enabled, verify the TLS certificate of the Proofpoint server. On by default.',
    defaultValue: true,
  }),
};

/** Where each integration parameter is read from when the context carries no configuration. */
export const ENVIRONMENT_VARIABLE_OF: Record<keyof IntegrationConfig, string> = {
  apiRoot: 'PROOFPOINT_API_ROOT',
  clientId: 'PROOFPOINT_CLIENT_ID',
  clientSecret: 'PROOFPOINT_CLIENT_SECRET',
  clusterId: 'PROOFPOINT_CLUSTER_ID',
  verifySsl: 'PROOFPOINT_VERIFY_SSL',
};

/**
 * @param configuration the context's `integration_configuration`; when absent, the environment
 *   (with a `.env` file in the working directory beneath it) stands in.
 */
export function readIntegrationConfig(
  configuration: Record<string, unknown> | undefined,
  environment: NodeJS.ProcessEnv,
): IntegrationConfig {
  return readParameters(INTEGRATION_PARAMETERS, configuration ?? fromEnvironment(environment));
}

function fromEnvironment(environment: NodeJS.ProcessEnv): Record<string, unknown> {
  const merged: NodeJS.ProcessEnv = { ...environment };
  dotenv.config({ quiet: true, processEnv: merged });

  const entries = Object.entries(INTEGRATION_PARAMETERS) as [
    keyof IntegrationConfig,
    { name: string },
  ][];
  const values = Object.fromEntries(
    entries.map(([key, spec]) => [spec.name, merged[ENVIRONMENT_VARIABLE_OF[key]]]),
  );
  // SecOps fills a mandatory parameter with its default; an unset variable stands for the same.
  return { ...values, 'API Root': values['API Root'] || DEFAULT_API_ROOT };
}
