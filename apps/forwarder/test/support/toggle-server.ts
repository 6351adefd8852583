import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A webhook receiver that answers 503 until switched on, and records the bodies it accepted. */
export interface ToggleServer {
  url: string;
  accepted: string[];
  accepting: boolean;
  close(): Promise<void>;
}

export async function startToggleServer(accepting: boolean): Promise<ToggleServer> {
  const state = { accepted: [] as string[], accepting };
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      if (!state.accepting) {
        response.writeHead(503, { 'retry-after': '1' }).end('unavailable');
        return;
      }
      state.accepted.push(Buffer.concat(chunks).toString('utf8'));
      response.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/hook`,
    get accepted() {
      return state.accepted;
    },
    get accepting() {
      return state.accepting;
    },
    set accepting(value: boolean) {
      state.accepting = value;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
