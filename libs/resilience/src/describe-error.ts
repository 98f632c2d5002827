const MAX_LENGTH = 1000;

/** One line for `last_error` and dead-letter reasons: `CODE: message` (or the error's name), truncated. */
export function describeError(error: unknown): string {
  let text: string;
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    text = `${typeof code === 'string' ? code : error.name}: ${error.message}`;
  } else if (typeof error === 'object' && error !== null && 'message' in error) {
    const { code, message } = error as { code?: unknown; message: unknown };
    text = `${typeof code === 'string' ? code : 'Error'}: ${String(message)}`;
  } else {
    text = String(error);
  }
  return text.length > MAX_LENGTH ? `${text.slice(0, MAX_LENGTH - 1)}…` : text;
}
