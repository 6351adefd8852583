import { Catch, HttpException, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from '@talaria/telemetry';
import { ImportError } from '../imports/import-error';

/**
 * Turns errors into JSON replies: HTTP exceptions keep their status, import
 * problems become 422 with the list, and anything else is logged with the
 * request id and gets a 500 reply without internals.
 */
@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  constructor(private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const request = host.switchToHttp().getRequest<FastifyRequest>();

    if (exception instanceof ImportError) {
      reply.code(422).send({ error: 'import rejected', problems: exception.problems });
      return;
    }

    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const response = exception.getResponse();
      const body =
        typeof response === 'string'
          ? { error: response }
          : normalise(response as Record<string, unknown>);
      if (status === 401) reply.header('www-authenticate', 'Bearer');
      reply.code(status).send(body);
      return;
    }

    this.logger.error(
      {
        err: exception,
        requestId: request.id,
        method: request.method,
        route: request.routeOptions?.url,
      },
      'request failed',
    );
    reply
      .code(500)
      .send({ error: 'internal error; the server log has the details', requestId: request.id });
  }
}

/** Nest's built-in exceptions reply `{ statusCode, message, error }`; ours reply `{ error, problems? }`. */
function normalise(response: Record<string, unknown>): Record<string, unknown> {
  if ('problems' in response) return response;
  const message = response.message;
  return {
    error: Array.isArray(message)
      ? message.join('; ')
      : (message ?? response.error ?? 'request failed'),
  };
}
