// An experiment, not a proposal for production code as is: the calls src/client/transport.ts
// makes of axios (create().request with a string body, isAxiosError), over node:http and
// node:https alone. The bench builds a Ping bundle with it to measure what axios costs Ping.
import http from 'node:http';
import https from 'node:https';

export class AxiosError extends Error {
  isAxiosError = true;

  constructor(message, code, cause) {
    super(message, { cause });
    this.code = code;
  }
}

export function isAxiosError(error) {
  return error instanceof AxiosError;
}

function request(config) {
  const url = new URL(config.url);
  const isHttps = url.protocol === 'https:';
  const headers = { ...config.headers };
  if (config.data !== undefined) headers['Content-Length'] = Buffer.byteLength(config.data);

  return new Promise((resolve, reject) => {
    const options = {
      method: config.method,
      headers,
      agent: isHttps ? config.httpsAgent : config.httpAgent,
      timeout: config.timeout,
    };
    const onResponse = (response) => {
      const parts = [];
      response.on('data', (part) => parts.push(part));
      response.on('end', () => {
        const data = Buffer.concat(parts).toString('utf8');
        resolve({ status: response.statusCode ?? 0, data });
      });
      response.on('error', (error) => reject(new AxiosError(error.message, 'ECONNRESET', error)));
    };
    const call = (isHttps ? https : http).request(url, options, onResponse);
    call.on('timeout', () => call.destroy(new AxiosError('timeout', 'ECONNABORTED')));
    call.on('error', (error) =>
      reject(isAxiosError(error) ? error : new AxiosError(error.message, error.code, error)),
    );
    call.end(config.data);
  });
}

export default { create: () => ({ request }), isAxiosError };
