import { isUtf8 } from 'node:buffer';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from '@talaria/telemetry';
import { redactUrl } from '@talaria/telemetry';
import type { Credential, IngestCredentials } from '../auth/ingest-credentials';
import type { AlertIntake, IntakeReport } from './alert-intake';
import { decodeRequestBody } from './gzip-body';
import { IngestRejection } from './ingest-rejection';
import type { IngestMetrics } from './ingest-metrics';
import { splitAlerts } from './split-alerts';

export interface IngestRouteOptions {
  intake: AlertIntake;
  credentials: IngestCredentials;
  metrics: IngestMetrics;
  logger: Logger;
  maxBodyBytes: number;
  maxBatchAlerts: number;
}

/** Paths Falco and other senders post to: falcosidekick's `/`, a versioned path, and a URL-token path. */
export const INGEST_PATHS = ['/', '/v1/alerts', '/t/:token', '/v1/alerts/:token'];

const JSON_TYPES = new Set([
  'application/json',
  'application/x-ndjson',
  'application/ndjson',
  'application/jsonl',
]);
const ACCEPTED_ONE = '{"accepted":1,"rejected":[]}';

declare module 'fastify' {
  interface FastifyRequest {
    credential?: Credential;
  }
}

/**
 * Registers the ingest endpoints on the Fastify instance directly: they carry
 * every alert, so they skip Nest's per-request guard and interceptor chain.
 */
export function registerIngestRoutes(fastify: FastifyInstance, options: IngestRouteOptions): void {
  const { intake, credentials, metrics, logger } = options;

  // The JSON types are named so Fastify finds their parser by an exact
  // lookup; a catch-all alone sends every request through its slower cache.
  // The catch-all remains so other types reach the handler's clear 415.
  const keepBuffer = (_request: unknown, body: Buffer, done: (error: null, body: Buffer) => void) =>
    done(null, body);
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser(
    [...JSON_TYPES],
    { parseAs: 'buffer', bodyLimit: options.maxBodyBytes },
    keepBuffer,
  );
  fastify.addContentTypeParser(
    '*',
    { parseAs: 'buffer', bodyLimit: options.maxBodyBytes },
    keepBuffer,
  );

  const reject = (reply: FastifyReply, rejection: IngestRejection) => {
    metrics.rejectedRequests.inc({ reason: rejection.reason });
    return reply
      .code(rejection.statusCode)
      .send({ error: rejection.message, reason: rejection.reason });
  };

  const handler = async (request: FastifyRequest, reply: FastifyReply) => {
    const credential = request.credential as Credential;
    const mediaType = (request.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    if (!JSON_TYPES.has(mediaType)) {
      return reject(
        reply,
        new IngestRejection(415, 'unsupported_media_type', unsupportedTypeMessage(mediaType)),
      );
    }

    const body = request.body as Buffer | undefined;
    if (!body || body.length === 0) {
      return reject(
        reply,
        new IngestRejection(
          400,
          'empty_body',
          'the request body is empty; send one Falco alert as JSON',
        ),
      );
    }
    if (!isUtf8(body)) {
      return reject(
        reply,
        new IngestRejection(
          400,
          'invalid_utf8',
          'the request body is not valid UTF-8; Falco alerts are UTF-8 JSON',
        ),
      );
    }

    const split = splitAlerts(
      body.toString('utf8'),
      mediaType !== 'application/json',
      options.maxBatchAlerts,
    );
    if (!split.ok)
      return reject(reply, new IngestRejection(split.status, split.reason, split.message));

    const report = await intake.accept(split.alerts, credential);
    return sendReport(reply, report, split.batch);
  };

  for (const url of INGEST_PATHS) {
    fastify.route({
      method: 'POST',
      url,
      bodyLimit: options.maxBodyBytes,
      onRequest: (request, reply, done) => {
        const params = request.params as { token?: string };
        const query = request.query as { token?: string };
        request.credential = credentials.authenticate({
          socket: request.raw.socket,
          urlToken: params.token ?? (typeof query.token === 'string' ? query.token : undefined),
          authorization: request.headers.authorization,
        });
        if (request.credential) return done();

        metrics.rejectedRequests.inc({ reason: 'unauthorized' });
        logger.warn(
          {
            url: redactUrl(request.url, new Set(params.token ? [params.token] : [])),
            remoteAddress: request.ip,
          },
          'ingest request rejected: no valid credential',
        );
        reply.code(401).send({
          error:
            'authentication required: use the token in the URL (/t/TOKEN or ?token=TOKEN), a bearer token, or a client certificate',
          reason: 'unauthorized',
        });
      },
      preParsing: (request, _reply, payload, done) => {
        try {
          done(null, decodeRequestBody(request, payload));
        } catch (error) {
          done(error as Error);
        }
      },
      errorHandler: (error, request, reply) => {
        const rejection = toRejection(error, options.maxBodyBytes);
        if (rejection.statusCode >= 500) {
          logger.error(
            { err: error, credential: request.credential?.name },
            'ingest request failed',
          );
        }
        return reject(reply, rejection);
      },
      handler,
    });
  }

  function sendReport(reply: FastifyReply, report: IntakeReport, batch: boolean) {
    if (!batch && report.accepted === 1) return reply.type('application/json').send(ACCEPTED_ONE);

    if (report.dropped > 0) {
      return reply
        .code(503)
        .header('retry-after', '5')
        .send({
          error: `${report.dropped} valid alert(s) were not kept because the spool is full or failing; retry later`,
          reason: 'spool_full',
          accepted: report.accepted,
          dropped: report.dropped,
          rejected: report.rejected,
        });
    }

    if (report.accepted === 0) {
      const first = report.rejected[0];
      const message = batch
        ? `all ${report.rejected.length} alert(s) were rejected; the first (index ${first.index}): ${first.problems[0]?.message}`
        : first.problems.map((problem) => problem.message).join('; ');
      return reply
        .code(400)
        .send({ error: message, reason: first.reason, accepted: 0, rejected: report.rejected });
    }

    return reply.code(200).send({ accepted: report.accepted, rejected: report.rejected });
  }
}

function unsupportedTypeMessage(mediaType: string): string {
  const shown = mediaType === '' ? 'no Content-Type' : `Content-Type "${mediaType}"`;
  return `${shown} is not accepted; send application/json (one alert or an array) or application/x-ndjson`;
}

function toRejection(error: unknown, maxBodyBytes: number): IngestRejection {
  if (error instanceof IngestRejection) return error;

  const code = (error as { code?: string }).code ?? '';
  if (code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    return new IngestRejection(
      413,
      'body_too_large',
      `the request body is larger than the limit of ${maxBodyBytes} bytes (ingest.maxBodyBytes, measured after gzip decoding); send smaller batches`,
    );
  }
  if (code.startsWith('Z_') || code === 'ERR_ZLIB') {
    return new IngestRejection(
      400,
      'invalid_gzip',
      `the gzip body could not be decoded (${code}); check the compression`,
    );
  }
  if (code === 'FST_ERR_CTP_INVALID_CONTENT_LENGTH' || code === 'FST_ERR_CTP_EMPTY_JSON_BODY') {
    return new IngestRejection(
      400,
      'invalid_body',
      `the request body does not match its Content-Length (${code})`,
    );
  }
  const statusCode = (error as { statusCode?: number }).statusCode;
  if (statusCode && statusCode >= 400 && statusCode < 500) {
    return new IngestRejection(statusCode, 'invalid_request', (error as Error).message);
  }
  return new IngestRejection(
    500,
    'internal_error',
    'the forwarder failed to read the request; it was logged',
  );
}
