import { readFileSync } from 'node:fs';
import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { ForwarderConfig } from '../config';
import type { IngestHandler } from '../ingest/ingest-handler';
import { matchIngestTarget } from '../ingest/ingest-target';

type RequestListener = (request: IncomingMessage, response: ServerResponse) => void;

// Longer than the idle timeout of common load balancers (60 s), so they close first.
const KEEP_ALIVE_TIMEOUT_MS = 65_000;

/**
 * Creates the forwarder's HTTP or HTTPS server. Ingest POSTs go to the
 * ingest handler; every other request goes to the web framework.
 */
export function createForwarderHttpServer(
  config: ForwarderConfig,
  ingest: IngestHandler,
  frameworkListener: RequestListener,
): Server {
  const listener: RequestListener = (request, response) => {
    if (request.method === 'POST') {
      const target = matchIngestTarget(request.url ?? '/');
      if (target !== undefined) return ingest.handle(request, response, target);
    }
    frameworkListener(request, response);
  };

  const server = config.tls
    ? createHttpsServer(httpsOptions(config.tls), listener)
    : createHttpServer(listener);
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  return server;
}

function httpsOptions(tls: NonNullable<ForwarderConfig['tls']>) {
  return {
    cert: readFileSync(tls.certFile),
    key: readFileSync(tls.keyFile),
    ca: tls.clientCaFile ? readFileSync(tls.clientCaFile) : undefined,
    // Only ingest requires a client certificate, so health probes without one still reach /healthz.
    requestCert: Boolean(tls.clientCaFile),
    rejectUnauthorized: false,
  };
}
