export const DB_ERROR_CODES = [
  'DB_UNAVAILABLE',
  'DB_SERIALIZATION_FAILURE',
  'DB_QUERY_FAILED',
  'DB_INVALID_INPUT',
  'DB_CLOSED',
  'DB_TRANSACTION_MISUSE',
  'DB_CONFIG_INVALID',
  'MIGRATION_INVALID',
  'MIGRATION_CHECKSUM_MISMATCH',
  'MIGRATION_FAILED',
] as const;

export type DatabaseErrorCode = (typeof DB_ERROR_CODES)[number];

export interface DatabaseErrorOptions {
  cause?: unknown;
  retriable?: boolean;
  sqlState?: string;
  constraint?: string;
}

/**
 * Every failure this package reports. `code` is stable; `retriable` says whether the same work may succeed
 * when tried again (connection lost, serialization failure, deadlock); `sqlState` is PostgreSQL's SQLSTATE
 * (e.g. `23505` unique violation) when the server answered; `constraint` names the violated constraint.
 */
export class DatabaseError extends Error {
  override readonly name = 'DatabaseError';
  readonly code: DatabaseErrorCode;
  readonly retriable: boolean;
  readonly sqlState: string | undefined;
  readonly constraint: string | undefined;

  constructor(code: DatabaseErrorCode, message: string, options: DatabaseErrorOptions = {}) {
    super(message, { cause: options.cause });
    this.code = code;
    this.retriable = options.retriable ?? false;
    this.sqlState = options.sqlState;
    this.constraint = options.constraint;
  }
}

/** True for errors worth retrying as a whole (the transaction, not one statement): see `DatabaseError.retriable`. */
export function isRetriableDbError(error: unknown): boolean {
  return error instanceof DatabaseError && error.retriable;
}

/** Replaces the password in any `scheme://user:password@`, and `url`'s password (4+ characters) wherever it appears. */
export function redactSecrets(text: string, url?: string): string {
  let redacted = text.replace(/(\/\/[^:/@\s]+:)[^@\s]*@/g, '$1***@');
  const password = url === undefined ? '' : passwordOf(url);
  for (const secret of new Set([password, safeDecode(password)])) {
    if (secret.length >= 4) redacted = redacted.split(secret).join('***');
  }
  return redacted;
}

/** `url` with its password replaced by `***`, for messages and logs. */
export function redactUrl(url: string): string {
  return redactSecrets(url, url);
}

function passwordOf(url: string): string {
  try {
    return new URL(url).password;
  } catch {
    return '';
  }
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

// Driver errors (pg, PGlite) are read by shape (code, severity), not by class: the two drivers share none.
interface ErrorShape {
  message?: unknown;
  code?: unknown;
  constraint?: unknown;
  errors?: unknown;
  cause?: unknown;
}

const CONNECTION_ERROR_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'EAI_AGAIN',
]);

const CONNECTION_MESSAGES = [
  /connection terminated/i,
  /connection timeout/i,
  /timeout exceeded when trying to connect/i,
  /client has encountered a connection error/i,
  /not queryable/i,
];

function shapeOf(error: unknown): ErrorShape {
  return typeof error === 'object' && error !== null ? error : {};
}

function messageOf(error: unknown): string {
  const { message, errors } = shapeOf(error);
  if (typeof message === 'string' && message.length > 0) return message;
  // AggregateError (e.g. ECONNREFUSED on both ::1 and 127.0.0.1) may carry an empty message.
  if (Array.isArray(errors) && errors.length > 0) return errors.map(messageOf).join('; ');
  return String(error);
}

function sqlStateOf(error: unknown): string | undefined {
  const { code } = shapeOf(error);
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

function isConnectionFailure(error: unknown, depth = 0): boolean {
  if (depth > 4) return false;
  const shape = shapeOf(error);
  const sqlState = sqlStateOf(error);
  if (sqlState !== undefined) {
    // 08: connection exception; 57P01-03: server shutting down / starting; 53300: too many connections.
    return sqlState.startsWith('08') || /^57P0[123]$/.test(sqlState) || sqlState === '53300';
  }
  if (typeof shape.code === 'string' && CONNECTION_ERROR_CODES.has(shape.code)) return true;
  const { message } = shape;
  if (typeof message === 'string' && CONNECTION_MESSAGES.some((re) => re.test(message))) return true;
  if (Array.isArray(shape.errors) && shape.errors.some((inner) => isConnectionFailure(inner, depth + 1)))
    return true;
  return shape.cause !== undefined && isConnectionFailure(shape.cause, depth + 1);
}

/**
 * SQLSTATEs that mean "this value cannot be stored as given", i.e. the caller's data, not the store, is
 * wrong: 22021 character_not_in_repertoire (a NUL in text), 22P02 invalid_text_representation (`abc`
 * for a uuid or an integer), 22P05 untranslatable_character (`\u0000` in jsonb). Edge validation
 * should have refused such a value; this is the defence in depth behind it.
 */
export const INVALID_INPUT_SQL_STATES: ReadonlySet<string> = new Set(['22021', '22P02', '22P05']);

/** True for a `DatabaseError` caused by the data sent (a client error, 400), not by the store. */
export function isInvalidInputDbError(error: unknown): error is DatabaseError {
  return error instanceof DatabaseError && error.code === 'DB_INVALID_INPUT';
}

/**
 * Classifies what a driver threw: connection failures → `DB_UNAVAILABLE` (retriable), SQLSTATE 40001/40P01 →
 * `DB_SERIALIZATION_FAILURE` (retriable), 22021/22P02/22P05 → `DB_INVALID_INPUT` (the data, not the
 * store: see `INVALID_INPUT_SQL_STATES`), anything else → `DB_QUERY_FAILED` with its SQLSTATE. A
 * `DatabaseError` passes through unchanged. `context` prefixes the message; `url` is redacted from it.
 */
export function toDatabaseError(error: unknown, context: string, url?: string): DatabaseError {
  if (error instanceof DatabaseError) return error;
  const sqlState = sqlStateOf(error);
  const { constraint } = shapeOf(error);
  const options: DatabaseErrorOptions = {
    cause: error,
    ...(sqlState === undefined ? {} : { sqlState }),
    ...(typeof constraint === 'string' ? { constraint } : {}),
  };
  const message = redactSecrets(`${context}: ${messageOf(error)}`, url);
  if (sqlState === '40001' || sqlState === '40P01') {
    return new DatabaseError('DB_SERIALIZATION_FAILURE', message, { ...options, retriable: true });
  }
  if (isConnectionFailure(error)) {
    return new DatabaseError('DB_UNAVAILABLE', message, { ...options, retriable: true });
  }
  const suffix = sqlState === undefined ? '' : ` (SQLSTATE ${sqlState})`;
  if (sqlState !== undefined && INVALID_INPUT_SQL_STATES.has(sqlState)) {
    return new DatabaseError('DB_INVALID_INPUT', `${message}${suffix}`, options);
  }
  return new DatabaseError('DB_QUERY_FAILED', `${message}${suffix}`, options);
}
