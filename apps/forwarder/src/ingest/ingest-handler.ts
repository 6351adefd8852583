import { isUtf8 } from 'node:buffer';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Logger } from '@talaria/telemetry';
import { redactUrl } from '@talaria/telemetry';
import type { Credential, IngestCredentials } from '../auth/ingest-credentials';
import type { AlertIntake, IntakeReport } from './alert-intake';
import type { IngestMetrics } from './ingest-metrics';
import { IngestRejection } from './ingest-rejection';
import type { IngestTarget } from './ingest-target';
import { readRequestBody } from './read-request-body';
import { splitAlerts } from './split-alerts';

export interface IngestHandlerOptions {
  intake: AlertIntake;
  credentials: IngestCredentials;
  metrics: IngestMetrics;
  logger: Logger;
  maxBodyBytes: number;
  maxBatchAlerts: number;
}

const JSON_TYPES = new Set([
  'application/json',
  'application/x-ndjson',
  'application/ndjson',
  'application/jsonl',
]);
const ACCEPTED_ONE = Buffer.from('{"accepted":1,"rejected":[]}');
const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

/** The last URL token and Authorization header a connection presented, and the credential they proved. */
interface ConnectionAuth {
  urlToken?: string;
  authorization?: string;
  credential: Credential;
}

/**
 * Serves the ingest endpoints on Node's HTTP server directly. They carry every
 * alert, so they skip the web framework's per-request lifecycle. The other
 * routes (health, readiness, metrics) stay with NestJS.
 */
export class IngestHandler {
  // Falco keeps one connection open and sends the same token on it, so the
  // token's digest is computed once per connection, not once per alert.
  private readonly connectionAuth = new WeakMap<Socket, ConnectionAuth>();
  private closing = false;

  constructor(private readonly options: IngestHandlerOptions) {}

  /**
   * After this, replies ask the client to close its connection, so senders
   * move to another instance while this one drains. Alerts are still taken
   * while the spool is open.
   */
  beginClosing(): void {
    this.closing = true;
  }

  handle(request: IncomingMessage, response: ServerResponse, target: IngestTarget): void {
    const credential = this.authenticate(request, target);
    if (credential === undefined) {
      this.rejectUnauthorized(request, response, target);
      return;
    }

    const mediaType = mediaTypeOf(request.headers['content-type']);
    if (!JSON_TYPES.has(mediaType)) {
      this.reject(
        response,
        new IngestRejection(415, 'unsupported_media_type', unsupportedTypeMessage(mediaType)),
      );
      return;
    }

    readRequestBody(request, this.options.maxBodyBytes)
      .then((body) => this.accept(body, mediaType, credential, response))
      .catch((error: unknown) => this.fail(error, credential, response));
  }

  private authenticate(request: IncomingMessage, target: IngestTarget): Credential | undefined {
    const socket = request.socket;
    const { urlToken } = target;
    const { authorization } = request.headers;

    const known = this.connectionAuth.get(socket);
    if (
      known !== undefined &&
      known.urlToken === urlToken &&
      known.authorization === authorization
    ) {
      return known.credential;
    }

    const credential = this.options.credentials.authenticate({ socket, urlToken, authorization });
    if (credential !== undefined)
      this.connectionAuth.set(socket, { urlToken, authorization, credential });
    return credential;
  }

  private async accept(
    body: Buffer,
    mediaType: string,
    credential: Credential,
    response: ServerResponse,
  ): Promise<void> {
    if (body.length === 0) {
      this.reject(
        response,
        new IngestRejection(
          400,
          'empty_body',
          'the request body is empty; send one Falco alert as JSON',
        ),
      );
      return;
    }
    if (!isUtf8(body)) {
      this.reject(
        response,
        new IngestRejection(
          400,
          'invalid_utf8',
          'the request body is not valid UTF-8; Falco alerts are UTF-8 JSON',
        ),
      );
      return;
    }

    const split = splitAlerts(body, mediaType !== 'application/json', this.options.maxBatchAlerts);
    if (!split.ok) {
      this.reject(response, new IngestRejection(split.status, split.reason, split.message));
      return;
    }

    const report = await this.options.intake.accept(split.alerts, credential);
    this.sendReport(response, report, split.batch);
  }

  private sendReport(response: ServerResponse, report: IntakeReport, batch: boolean): void {
    if (!batch && report.accepted === 1) {
      this.send(response, 200, ACCEPTED_ONE);
      return;
    }

    if (report.dropped > 0) {
      response.setHeader('retry-after', '5');
      this.sendJson(response, 503, {
        error: `${report.dropped} valid alert(s) were not kept because the spool is full or failing; retry later`,
        reason: 'spool_full',
        accepted: report.accepted,
        dropped: report.dropped,
        rejected: report.rejected,
      });
      return;
    }

    if (report.accepted === 0) {
      const first = report.rejected[0];
      const message = batch
        ? `all ${report.rejected.length} alert(s) were rejected; the first (index ${first.index}): ${first.problems[0]?.message}`
        : first.problems.map((problem) => problem.message).join('; ');
      this.sendJson(response, 400, {
        error: message,
        reason: first.reason,
        accepted: 0,
        rejected: report.rejected,
      });
      return;
    }

    this.sendJson(response, 200, { accepted: report.accepted, rejected: report.rejected });
  }

  private fail(error: unknown, credential: Credential, response: ServerResponse): void {
    if (error instanceof IngestRejection) {
      // Past a rejected body the connection's framing is unknown, so it is closed.
      response.shouldKeepAlive = false;
      this.reject(response, error);
      return;
    }

    this.options.logger.error({ err: error, credential: credential.name }, 'ingest request failed');
    this.reject(
      response,
      new IngestRejection(
        500,
        'internal_error',
        'the forwarder failed to read the request; it was logged',
      ),
    );
  }

  private rejectUnauthorized(
    request: IncomingMessage,
    response: ServerResponse,
    target: IngestTarget,
  ): void {
    this.options.metrics.rejectedRequests.inc({ reason: 'unauthorized' });
    this.options.logger.warn(
      {
        url: redactUrl(
          request.url ?? '',
          new Set(target.rawPathToken ? [target.rawPathToken] : []),
        ),
        remoteAddress: request.socket.remoteAddress,
      },
      'ingest request rejected: no valid credential',
    );
    this.sendJson(response, 401, {
      error:
        'authentication required: use the token in the URL (/t/TOKEN or ?token=TOKEN), a bearer token, or a client certificate',
      reason: 'unauthorized',
    });
  }

  private reject(response: ServerResponse, rejection: IngestRejection): void {
    this.options.metrics.rejectedRequests.inc({ reason: rejection.reason });
    this.sendJson(response, rejection.statusCode, {
      error: rejection.message,
      reason: rejection.reason,
    });
  }

  private sendJson(response: ServerResponse, status: number, body: unknown): void {
    this.send(response, status, Buffer.from(JSON.stringify(body)));
  }

  private send(response: ServerResponse, status: number, body: Buffer): void {
    if (response.headersSent) return;

    // Checked at reply time, because a request that began before shutdown may end after it.
    if (this.closing) response.shouldKeepAlive = false;
    response.writeHead(status, {
      'content-type': JSON_CONTENT_TYPE,
      'content-length': body.length,
    });
    response.end(body);
  }
}

function mediaTypeOf(contentType: string | undefined): string {
  if (contentType === undefined) return '';
  // The common case, a bare type, needs no splitting.
  if (JSON_TYPES.has(contentType)) return contentType;
  return contentType.split(';')[0].trim().toLowerCase();
}

function unsupportedTypeMessage(mediaType: string): string {
  const description = mediaType === '' ? 'no Content-Type' : `Content-Type "${mediaType}"`;
  return `${description} is not accepted; send application/json (one alert or an array) or application/x-ndjson`;
}
