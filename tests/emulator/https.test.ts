import https from 'node:https';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type RunningEmulator, startEmulator } from '../../emulator/create-emulator.ts';

interface TlsAnswer {
  status: number | undefined;
  json: unknown;
}

/** A form POST to the token endpoint over TLS, trusting `ca` when given. */
function postToken(url: string, body: string, ca?: string): Promise<TlsAnswer> {
  return new Promise((resolve, reject) => {
    const headers = { 'content-type': 'application/x-www-form-urlencoded' };
    const request = https.request(url, { method: 'POST', headers, ...(ca ? { ca } : {}) });
    request.on('response', (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        text += chunk;
      });
      response.on('end', () => resolve({ status: response.statusCode, json: JSON.parse(text) }));
    });
    request.on('error', reject);
    request.end(body);
  });
}

describe('HTTPS', () => {
  let emulator: RunningEmulator;
  let form: string;

  beforeEach(async () => {
    emulator = await startEmulator({ https: true });
    form = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: emulator.clientId,
      client_secret: emulator.clientSecret,
    }).toString();
  });

  afterEach(async () => {
    await emulator.stop();
  });

  it('serves an https API root and says Verify SSL must be off', () => {
    expect(emulator.apiRoot).toBe(`https://127.0.0.1:${emulator.port}`);
    expect(emulator.certificatePem).toMatch(/^-----BEGIN CERTIFICATE-----\n/);
    expect(emulator.integrationConfiguration).toEqual({
      'API Root': emulator.apiRoot,
      'Client ID': 'emulator-client',
      'Client Secret': 'emulator-client-secret',
      'Cluster ID': 'emulator_hosted',
      'Verify SSL': 'false',
    });
  });

  it.each(['127.0.0.1', 'localhost'])(
    'answers over TLS with a certificate valid for %s',
    async (host) => {
      const url = `https://${host}:${emulator.port}/v1/token`;

      const answer = await postToken(url, form, emulator.certificatePem);

      expect(answer.status).toBe(200);
      expect(answer.json).toMatchObject({ token_type: 'Bearer', expires_in: 3600 });
    },
  );

  it('is refused by a client that does not trust the test certificate', async () => {
    await expect(postToken(`${emulator.apiRoot}/v1/token`, form)).rejects.toMatchObject({
      code: 'DEPTH_ZERO_SELF_SIGNED_CERT',
    });
  });

  it('serves plain HTTP, with no certificate, by default', async () => {
    const plain = await startEmulator();
    await plain.stop();

    expect(plain.apiRoot).toBe(`http://127.0.0.1:${plain.port}`);
    expect(plain.certificatePem).toBeUndefined();
    expect(plain.integrationConfiguration['Verify SSL']).toBe('true');
  });
});
