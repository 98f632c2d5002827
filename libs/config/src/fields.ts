import { z } from 'zod';

/**
 * Field builders for environment variables. Each one carries a `description` that doubles as the
 * "expected …" text of a ConfigError, so messages stay in step with the schema.
 */

export function port(defaultPort: number) {
  return z.coerce
    .number()
    .int()
    .min(0)
    .max(65535)
    .default(defaultPort)
    .describe('a TCP port, an integer from 0 to 65535 (0 = any free port)');
}

export function positiveInt(defaultValue: number, unit = '') {
  return z.coerce
    .number()
    .int()
    .positive()
    .default(defaultValue)
    .describe(`a positive integer${unit ? ` (${unit})` : ''}`);
}

/** Zero or more, e.g. a queue that may be switched off or a count of proxies that may be none. */
export function nonNegativeInt(defaultValue: number, unit = '') {
  return z.coerce
    .number()
    .int()
    .min(0)
    .default(defaultValue)
    .describe(`an integer from 0 up${unit ? ` (${unit})` : ''}`);
}

export function durationMs(defaultMs: number) {
  return positiveInt(defaultMs, 'milliseconds');
}

function hasProtocol(value: string, protocols: readonly string[]): boolean {
  try {
    return protocols.includes(new URL(value).protocol);
  } catch {
    return false;
  }
}

function urlList(protocols: readonly string[]): string {
  return protocols.map((p) => `${p}//`).join(' or ');
}

export function url(defaultUrl: string, protocols: readonly string[]) {
  const expected = `a URL starting with ${urlList(protocols)}`;
  return z
    .string()
    .default(defaultUrl)
    .refine((value) => hasProtocol(value, protocols), { message: expected })
    .describe(expected);
}

export function optionalUrl(protocols: readonly string[]) {
  const expected = `a URL starting with ${urlList(protocols)}`;
  return z
    .string()
    .refine((value) => hasProtocol(value, protocols), { message: expected })
    .optional()
    .describe(`${expected}, or unset`);
}

const BOOLEAN_WORDS = ['true', 'false', '1', '0', 'yes', 'no', 'on', 'off'] as const;
const TRUE_WORDS: readonly string[] = ['true', '1', 'yes', 'on'];

function booleanWord() {
  return z
    .string()
    .transform((value) => value.toLowerCase())
    .pipe(z.enum(BOOLEAN_WORDS))
    .transform((value) => TRUE_WORDS.includes(value));
}

/** `true/false`, `1/0`, `yes/no`, `on/off` (any case). */
export function bool(defaultValue: boolean) {
  return booleanWord()
    .optional()
    .transform((value) => value ?? defaultValue)
    .describe('a boolean: true/false, 1/0, yes/no or on/off');
}

/** A boolean whose default depends on other variables: unset stays `undefined`. */
export function optionalBool(whenUnset: string) {
  return booleanWord()
    .optional()
    .describe(`a boolean: true/false, 1/0, yes/no or on/off (unset: ${whenUnset})`);
}

export function oneOf<const T extends readonly [string, ...string[]]>(values: T, defaultValue: T[number]) {
  return z
    .enum(values)
    .default(defaultValue as never)
    .describe(`one of ${values.join(', ')}`);
}

/** A comma-separated list of `host:port` addresses, e.g. Kafka bootstrap brokers. */
export function hostPortList(defaultValue: string) {
  const hostPort = /^[A-Za-z0-9.\-_[\]:]+:\d{1,5}$/;
  return z
    .string()
    .default(defaultValue)
    .transform((value) =>
      value
        .split(',')
        .map((part) => part.trim())
        .filter((part) => part.length > 0),
    )
    .refine((list) => list.length > 0 && list.every((item) => hostPort.test(item)), {
      message: 'a comma-separated list of host:port addresses',
    })
    .describe('a comma-separated list of host:port addresses, e.g. 127.0.0.1:9092');
}

/** A filesystem path (relative paths are taken from the working directory). */
export function path(defaultPath: string) {
  return z.string().min(1).default(defaultPath).describe('a filesystem path');
}

/** A host name or IP address to bind or connect to. */
export function host(defaultHost: string) {
  return z
    .string()
    .regex(/^[A-Za-z0-9.\-_:[\]]+$/, 'a host name or IP address')
    .default(defaultHost)
    .describe('a host name or IP address, e.g. 127.0.0.1 or 0.0.0.0');
}

/** One `host:port` address, e.g. a gRPC target. */
export function hostPort(defaultValue: string) {
  return z
    .string()
    .regex(/^[A-Za-z0-9.\-_[\]:]+:\d{1,5}$/, 'a host:port address')
    .default(defaultValue)
    .describe('a host:port address, e.g. 127.0.0.1:50051');
}

/** Free text such as an issuer name. */
export function text(defaultValue: string) {
  return z.string().min(1).default(defaultValue).describe('a non-empty string');
}
