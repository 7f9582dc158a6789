/**
 * Two small loopback servers for the end-to-end tests: a CONNECT proxy that records every byte it
 * carries, and an HTTP relay in front of the emulator that records the tokens the emulator issues
 * (its request log keeps none), so a test can look for the real token in a script's output.
 */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import net, { type AddressInfo, type Socket } from 'node:net';

export interface ConnectProxy {
  readonly url: string;
  readonly port: number;
  /** The targets of every CONNECT, e.g. `127.0.0.1:54321`. */
  readonly connects: string[];
  /** Requests that were not CONNECT (absolute-form HTTP proxying), as `METHOD url`. */
  readonly plainRequests: string[];
  /** Every byte the proxy received or relayed, both directions, request heads included. */
  bytes(): Buffer;
  stop(): Promise<void>;
}

export async function startConnectProxy(): Promise<ConnectProxy> {
  const connects: string[] = [];
  const plainRequests: string[] = [];
  const chunks: Buffer[] = [];
  const sockets = new Set<Socket>();
  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  };
  const recordHead = (request: IncomingMessage) => {
    const lines = [`${request.method} ${request.url} HTTP/${request.httpVersion}`];
    for (let index = 0; index < request.rawHeaders.length; index += 2) {
      lines.push(`${request.rawHeaders[index]}: ${request.rawHeaders[index + 1]}`);
    }
    chunks.push(Buffer.from(`${lines.join('\r\n')}\r\n\r\n`));
  };

  const server = http.createServer((request, response) => {
    recordHead(request);
    plainRequests.push(`${request.method} ${request.url}`);
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      response.writeHead(405, { connection: 'close' });
      response.end('this proxy only tunnels');
    });
  });
  server.on('connection', track);

  server.on('connect', (request: IncomingMessage, client: Socket, head: Buffer) => {
    recordHead(request);
    const target = request.url ?? '';
    connects.push(target);
    const match = /^(.*):(\d+)$/.exec(target);
    if (match === null) {
      client.end('HTTP/1.1 400 Bad Request\r\n\r\n');
      return;
    }

    const upstream = net.connect(Number(match[2]), match[1]?.replace(/^\[|\]$/g, ''));
    track(upstream);
    const fail = () => {
      client.destroy();
      upstream.destroy();
    };
    upstream.once('error', fail);
    client.once('error', fail);
    upstream.once('connect', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) {
        chunks.push(head);
        upstream.write(head);
      }
      client.on('data', (chunk: Buffer) => chunks.push(chunk));
      upstream.on('data', (chunk: Buffer) => chunks.push(chunk));
      client.pipe(upstream);
      upstream.pipe(client);
    });
  });

  const port = await listen(server);
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    connects,
    plainRequests,
    bytes: () => Buffer.concat(chunks),
    stop: () => close(server, sockets),
  };
}

export interface TokenRelay {
  /** Use as the API Root: the relay forwards every request to the target unchanged. */
  readonly apiRoot: string;
  /** Every access token the target issued through the relay. */
  readonly tokens: string[];
  /** Every Authorization header value the relay forwarded. */
  readonly authorizations: string[];
  stop(): Promise<void>;
}

/** Forwards plain HTTP to `targetOrigin`; a dropped upstream socket drops the client's too. */
export async function startTokenRelay(targetOrigin: string): Promise<TokenRelay> {
  const target = new URL(targetOrigin);
  const tokens: string[] = [];
  const authorizations: string[] = [];
  const sockets = new Set<Socket>();
  const agent = new http.Agent({ keepAlive: true });

  const server = http.createServer((request: IncomingMessage, response: ServerResponse) => {
    const authorization = request.headers.authorization;
    if (authorization !== undefined) authorizations.push(authorization);

    const upstream = http.request({
      agent,
      host: target.hostname,
      port: target.port,
      method: request.method,
      path: request.url,
      headers: { ...request.headers, host: target.host },
    });
    upstream.once('error', () => request.socket.destroy());
    upstream.once('response', (answer) => {
      const body: Buffer[] = [];
      answer.on('data', (chunk: Buffer) => body.push(chunk));
      answer.once('error', () => request.socket.destroy());
      answer.once('end', () => {
        const bytes = Buffer.concat(body);
        if (request.url?.startsWith('/v1/token') === true && answer.statusCode === 200) {
          const parsed = JSON.parse(bytes.toString('utf8')) as { access_token?: unknown };
          if (typeof parsed.access_token === 'string') tokens.push(parsed.access_token);
        }
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        response.end(bytes);
      });
    });
    request.pipe(upstream);
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });

  const port = await listen(server);
  return {
    apiRoot: `http://127.0.0.1:${port}`,
    tokens,
    authorizations,
    stop: async () => {
      agent.destroy();
      await close(server, sockets);
    },
  };
}

async function listen(server: http.Server): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return (server.address() as AddressInfo).port;
}

async function close(server: http.Server, sockets: Set<Socket>): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  for (const socket of sockets) socket.destroy();
  server.closeAllConnections();
  await closed;
}
