import { toErrorBody } from '@commlab/service-kit';
import { type ArgumentsHost, Catch, type ExceptionFilter } from '@nestjs/common';

/** The part of the HTTP reply the filter writes. */
interface ErrorReply {
  header(name: string, value: string): ErrorReply;
  status(code: number): ErrorReply;
  send(body: unknown): unknown;
}

/** RFC 6749 §5.2's code for each refusal the token endpoint can answer (default: invalid_request). */
function oauthErrorOf(body: { statusCode: number; details?: Record<string, unknown> }): string {
  const named = body.details?.oauthError;
  if (typeof named === 'string') return named;
  return body.statusCode >= 500 ? 'server_error' : 'invalid_request';
}

/**
 * The token endpoint answers errors the way OAuth 2.0 clients read them (RFC 6749 §5.2: `error`,
 * `error_description`, `Cache-Control: no-store`; 401 with `WWW-Authenticate` for a bad client), and keeps
 * commlab's `{statusCode, code, message}` beside them.
 */
@Catch()
export class OAuthErrorFilter implements ExceptionFilter {
  catch(error: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<ErrorReply>();
    const { body } = toErrorBody(error);
    const oauthError = oauthErrorOf(body);
    if (body.statusCode === 401) reply.header('www-authenticate', 'Basic realm="commlab"');
    reply
      .header('cache-control', 'no-store')
      .status(body.statusCode)
      .send({ error: oauthError, error_description: body.message, ...body });
  }
}
