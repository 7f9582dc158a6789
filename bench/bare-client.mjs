// The floor for start-up: the same token request and list read as Ping, with node:http only (no
// library, no fetch, whose first use loads undici and costs more than this whole script). It
// reads the same action context from standard input, parses the list as JSON and prints one line.
import http from 'node:http';

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const context = JSON.parse(Buffer.concat(chunks).toString('utf8'));
const config = context.integration_configuration;
const root = new URL(config['API Root']);
const agent = new http.Agent({ keepAlive: true });

function call(method, path, headers, body) {
  return new Promise((resolve, reject) => {
    const request = http.request(
      { host: root.hostname, port: root.port, method, path, headers, agent },
      (response) => {
        const parts = [];
        response.on('data', (part) => parts.push(part));
        response.on('end', () =>
          resolve({ status: response.statusCode, text: Buffer.concat(parts).toString('utf8') }),
        );
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

const form = new URLSearchParams({
  grant_type: 'client_credentials',
  client_id: config['Client ID'],
  client_secret: config['Client Secret'],
}).toString();
const token = await call(
  'POST',
  '/v1/token',
  {
    'Content-Type': 'application/x-www-form-urlencoded',
    'Content-Length': Buffer.byteLength(form),
  },
  form,
);
if (token.status !== 200) throw new Error(`token request answered ${token.status}`);

const { access_token: accessToken } = JSON.parse(token.text);
const query = new URLSearchParams({ clusterId: config['Cluster ID'] }).toString();
const list = await call('GET', `/api/v1/emailProtection/modules/spam/orgBlockList?${query}`, {
  Accept: 'application/json',
  Authorization: `Bearer ${accessToken}`,
});
if (list.status !== 200) throw new Error(`list read answered ${list.status}`);

const { entries } = JSON.parse(list.text);
agent.destroy();
process.stdout.write(`${JSON.stringify({ entries: entries.length })}\n`);
