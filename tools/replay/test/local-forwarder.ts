import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { gunzipSync } from 'node:zlib';

/** A request as the local server received it, with a gzip body already decoded. */
export interface ReceivedRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** The body bytes as they arrived, before gzip decoding. */
  raw: Buffer;
  /** Which connection carried it, counting from 1. */
  connection: number;
}

export type Reply = { status: number; body: string; contentType?: string } | 'hang';

/**
 * A forwarder stand-in on 127.0.0.1 with a random port. It records every
 * request and the connections they came on, and replies with `respond`.
 */
export class LocalForwarder {
  readonly requests: ReceivedRequest[] = [];
  connections = 0;
  private readonly server: http.Server;
  private readonly sockets = new Set<Socket>();

  private constructor(private readonly respond: (request: ReceivedRequest) => Reply) {
    this.server = http.createServer((request, response) => void this.handle(request, response));
    this.server.on('connection', (socket: Socket & { connectionNumber?: number }) => {
      this.connections += 1;
      socket.connectionNumber = this.connections;
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  static async start(
    respond: (request: ReceivedRequest) => Reply = acceptAll,
  ): Promise<LocalForwarder> {
    const forwarder = new LocalForwarder(respond);
    forwarder.server.listen(0, '127.0.0.1');
    await once(forwarder.server, 'listening');
    return forwarder;
  }

  get url(): string {
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}/`;
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(
    request: http.IncomingMessage,
    response: http.ServerResponse,
  ): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks);
    const body = request.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw;

    const received: ReceivedRequest = {
      method: request.method ?? '',
      url: request.url ?? '',
      headers: request.headers,
      body: body.toString('utf8'),
      raw,
      connection: (request.socket as Socket & { connectionNumber?: number }).connectionNumber ?? 0,
    };
    this.requests.push(received);

    const reply = this.respond(received);
    if (reply === 'hang') return;
    response.writeHead(reply.status, { 'content-type': reply.contentType ?? 'application/json' });
    response.end(reply.body);
  }
}

/** Replies as the forwarder does when it accepts every alert of a request. */
export function acceptAll(request: ReceivedRequest): Reply {
  const alerts =
    request.headers['content-type'] === 'application/x-ndjson'
      ? request.body.split('\n').filter((line) => line !== '').length
      : request.body.startsWith('[')
        ? (JSON.parse(request.body) as unknown[]).length
        : 1;
  return { status: 200, body: JSON.stringify({ accepted: alerts, rejected: [] }) };
}

/** Returns a URL on which nothing listens, by opening a port and closing it again. */
export async function closedPortUrl(): Promise<string> {
  const forwarder = await LocalForwarder.start();
  const url = forwarder.url;
  await forwarder.stop();
  return url;
}
