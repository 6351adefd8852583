import type { FastifyRequest } from 'fastify';
import { createGunzip } from 'node:zlib';
import type { Readable } from 'node:stream';
import { IngestRejection } from './ingest-rejection';

/**
 * Decodes gzip request bodies before they are read. The body limit then
 * applies to the decoded size, which stops a small compressed bomb.
 */
export function decodeRequestBody(request: FastifyRequest, payload: Readable): Readable {
  const encoding = request.headers['content-encoding']?.trim().toLowerCase();
  if (!encoding || encoding === 'identity') return payload;

  if (encoding !== 'gzip' && encoding !== 'x-gzip') {
    throw new IngestRejection(
      415,
      'unsupported_encoding',
      `Content-Encoding "${encoding}" is not supported; send the body uncompressed or gzip-compressed`,
    );
  }

  const gunzip = createGunzip();
  let encodedBytes = 0;
  payload.on('data', (chunk: Buffer) => {
    encodedBytes += chunk.length;
    // Fastify compares Content-Length with this count rather than the decoded size.
    (gunzip as Readable & { receivedEncodedLength?: number }).receivedEncodedLength = encodedBytes;
  });
  payload.on('error', (error) => gunzip.destroy(error));
  payload.pipe(gunzip);
  return gunzip;
}
