/** Ping: proves the credentials and the cluster together by reading the block list. */
import type { Action } from '../runtime/action.ts';

const PRODUCT = 'Proofpoint Threat Protection';

export const pingAction: Action<Record<string, never>> = {
  name: 'Ping',
  scriptName: 'ping',
  description:
    `Test connectivity to ${PRODUCT}: get a token and read the configured cluster's ` +
    'block list.',
  parameters: {},
  failureMessage: (reason) => `Failed to connect to the ${PRODUCT} server! Error is ${reason}`,

  async perform({ client, config }) {
    await client.getEntries('block', config.clusterId);

    return {
      message:
        `Successfully connected to the ${PRODUCT} server with the provided connection ` +
        'parameters!',
      resultValue: true,
    };
  },
};
