import type { IncomingMessage } from 'node:http';
import { gunzip } from 'node:zlib';
import { IngestRejection } from './ingest-rejection';

/**
 * Reads a request body of at most `maxBytes`, decoding gzip. The limit applies
 * to the bytes received and to the decoded size, which stops a small
 * compressed bomb. Rejects with IngestRejection for a body the sender must fix.
 */
export function readRequestBody(request: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const encoding = contentEncoding(request);
  if (encoding instanceof IngestRejection) return Promise.reject(encoding);

  const declaredLength = Number(request.headers['content-length']);
  if (declaredLength > maxBytes) return Promise.reject(bodyTooLarge(maxBytes));

  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let received = 0;

    const onData = (chunk: Buffer) => {
      received += chunk.length;
      if (received > maxBytes) {
        request.off('data', onData);
        reject(bodyTooLarge(maxBytes));
        return;
      }
      chunks.push(chunk);
    };
    request.on('data', onData);
    // A body cut off by a disconnect is unusable. It is rejected so the reason is counted.
    request.once('error', () =>
      reject(
        new IngestRejection(
          400,
          'incomplete_body',
          'the connection closed before the whole request body arrived',
        ),
      ),
    );
    request.once('end', () => {
      // Most alerts arrive in one chunk, so only larger bodies are copied.
      const body = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, received);
      if (encoding === 'identity') resolve(body);
      else resolve(decodeGzip(body, maxBytes));
    });
  });
}

function contentEncoding(request: IncomingMessage): 'identity' | 'gzip' | IngestRejection {
  const header = request.headers['content-encoding'];
  if (header === undefined) return 'identity';

  const encoding = header.trim().toLowerCase();
  if (encoding === '' || encoding === 'identity') return 'identity';
  if (encoding === 'gzip' || encoding === 'x-gzip') return 'gzip';
  return new IngestRejection(
    415,
    'unsupported_encoding',
    `Content-Encoding "${encoding}" is not supported; send the body uncompressed or gzip-compressed`,
  );
}

// zlib decodes on the thread pool, and maxOutputLength stops it at the limit.
function decodeGzip(body: Buffer, maxBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    gunzip(body, { maxOutputLength: maxBytes }, (error, decoded) => {
      if (!error) return resolve(decoded);

      const code = (error as NodeJS.ErrnoException).code ?? '';
      if (code === 'ERR_BUFFER_TOO_LARGE') return reject(bodyTooLarge(maxBytes));
      reject(
        new IngestRejection(
          400,
          'invalid_gzip',
          `the gzip body could not be decoded (${code || error.message}); check the compression`,
        ),
      );
    });
  });
}

function bodyTooLarge(maxBytes: number): IngestRejection {
  return new IngestRejection(
    413,
    'body_too_large',
    `the request body is larger than the limit of ${maxBytes} bytes (ingest.maxBodyBytes, measured after gzip decoding); send smaller batches`,
  );
}
