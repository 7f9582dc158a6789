/** The API keys the emulator accepts, and the clusters each key may use. */

export interface EmulatorClient {
  clientId: string;
  clientSecret: string;
  /** The clusters this key is entitled to; any other cluster is answered 403. */
  clusters: readonly string[];
}

/** Fixed so a configuration pasted once keeps working across restarts. */
export const DEFAULT_CLIENT: EmulatorClient = {
  clientId: 'emulator-client',
  clientSecret: 'emulator-client-secret',
  clusters: ['emulator_hosted'],
};

/** @throws when there is no client, a client without a cluster, or a repeated client id. */
export function toClientRegistry(clients: readonly EmulatorClient[]): Map<string, EmulatorClient> {
  if (clients.length === 0) throw new Error('the emulator needs at least one client');

  const registry = new Map<string, EmulatorClient>();
  for (const client of clients) {
    if (client.clientId === '' || client.clientSecret === '') {
      throw new Error('a client needs a non-empty clientId and clientSecret');
    }
    if (client.clusters.length === 0 || client.clusters.includes('')) {
      throw new Error(`client ${client.clientId} needs at least one non-empty cluster id`);
    }
    if (registry.has(client.clientId)) throw new Error(`client ${client.clientId} appears twice`);

    registry.set(client.clientId, { ...client, clusters: [...client.clusters] });
  }
  return registry;
}
