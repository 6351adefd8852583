import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { reportStartFailure, reportToParent } from './child-reporter';
import type { ChildMessage } from './child-messages';

// Baseline for the forwarder: a plain Node server that reads the body, parses it
// with JSON.parse and sends the forwarder's response to one accepted alert.
const ACCEPTED_RESPONSE = '{"accepted":1,"rejected":[]}';

let acceptedAlerts = 0;

function handle(request: IncomingMessage, response: ServerResponse): void {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    try {
      JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      response
        .writeHead(400, { 'content-type': 'application/json' })
        .end('{"error":"invalid JSON"}');
      return;
    }

    acceptedAlerts += 1;
    response.writeHead(200, { 'content-type': 'application/json' }).end(ACCEPTED_RESPONSE);
  });
}

function start(): void {
  const server = createServer(handle);
  // Same keep-alive window as the forwarder, so neither side reconnects more often.
  server.keepAliveTimeout = 65_000;

  server.on('error', reportStartFailure);
  server.listen(0, '127.0.0.1', () => {
    const { port } = server.address() as AddressInfo;
    reportToParent(
      { acceptedAlerts: () => acceptedAlerts, pendingAlerts: () => 0 },
      () =>
        new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        }),
    );
    process.send?.({ type: 'ready', url: `http://127.0.0.1:${port}` } satisfies ChildMessage);
  });
}

start();
