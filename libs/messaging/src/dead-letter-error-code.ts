/** A stable code for a dead letter's error-code header (Kafka `dlt_error_code`, AMQP `x-commlab-error-code`): the error's `code` when it has one, else its name. */
export function deadLetterErrorCode(error: unknown): string {
  if (error instanceof SyntaxError) return 'MALFORMED_JSON';
  if (typeof error === 'object' && error !== null) {
    const { code } = error as { code?: unknown };
    if (typeof code === 'string' && code !== '') return code;
    if (error instanceof Error) return error.name;
  }
  return 'UNKNOWN';
}
