import fc from 'fast-check';

import { hostileBody, hostileContentType, hostileString } from './arbitraries';
import { show, truncate } from './failures';
import { CREDENTIAL_KINDS, type FuzzCredentials } from './tokens';

interface SchemaObject {
  type?: string;
  enum?: unknown[];
  minimum?: number;
  minItems?: number;
  items?: SchemaObject;
  properties?: Record<string, SchemaObject>;
  required?: string[];
}

/** One HTTP operation as the service's OpenAPI document (`/docs/json`) describes it. */
export interface HttpOperation {
  service: string;
  baseUrl: string;
  method: string;
  /** The OpenAPI path, e.g. `/stock/{sku}`. */
  path: string;
  pathParams: string[];
  queryParams: string[];
  headerParams: string[];
  body: SchemaObject | undefined;
}

/** Reads every operation of every service from its own OpenAPI document (so a new endpoint is fuzzed too). */
export async function discoverHttpOperations(httpUrls: Record<string, string>): Promise<HttpOperation[]> {
  const operations: HttpOperation[] = [];
  for (const [service, baseUrl] of Object.entries(httpUrls)) {
    const response = await fetch(`${baseUrl}/docs/json`);
    if (!response.ok) throw new Error(`${service}: GET /docs/json answered ${String(response.status)}`);
    const document = (await response.json()) as {
      paths: Record<
        string,
        Record<
          string,
          {
            parameters?: { name: string; in: string }[];
            requestBody?: { content?: Record<string, { schema?: SchemaObject }> };
          }
        >
      >;
    };
    for (const [path, methods] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(methods)) {
        const parameters = operation.parameters ?? [];
        const named = (where: string) => parameters.filter((p) => p.in === where).map((p) => p.name);
        operations.push({
          service,
          baseUrl,
          method: method.toUpperCase(),
          path,
          pathParams: named('path'),
          queryParams: named('query'),
          headerParams: named('header'),
          body: operation.requestBody?.content?.['application/json']?.schema,
        });
      }
    }
  }
  return operations;
}

/**
 * Valid bodies the OpenAPI schemas cannot say (which SKUs and users exist): mutations of these reach
 * the use cases, not just the validation.
 */
const VALID_BODIES: Record<string, unknown> = {
  'POST /auth/register': { email: 'fuzz@example.com', password: 'fuzz-password-1' },
  'POST /auth/login': { email: 'alice@example.com', password: 'alice-password' },
  'POST /oauth/token': { grant_type: 'client_credentials', client_id: 'fuzz', client_secret: 'secret' },
  'POST /orders': { items: [{ sku: 'mug-red', quantity: 1 }] },
  'POST /reservations': {
    reservationId: 'fuzz-1',
    orderId: 'order-1',
    items: [{ sku: 'mug-red', quantity: 1 }],
  },
  'POST /stock/{sku}/adjustments': { kind: 'received', quantity: 5, reason: 'fuzz' },
  'POST /dlq/redrive': { ids: ['1'] },
};

const VALID_PARAMS: Record<string, string[]> = {
  sku: ['mug-red', 'tee-black', 'sticker-kafka', 'no-such-sku'],
  id: ['00000000-0000-4000-8000-000000000000', 'order-1'],
  reservationId: ['fuzz-1', 'no-such-reservation'],
  auth: ['grpc', 'rest'],
  transport: ['rest', 'grpc', 'rabbitmq', 'kafka', 'rabbitmq-rpc', 'kafka-rpc'],
  limit: ['1', '10', '100', '0', '-1', '1e3', '101'],
  afterVersion: ['0', '1', '-1'],
  at: ['2026-01-01T00:00:00.000Z', '0'],
  cursor: ['x', 'eyJ9'],
  queue: ['notifications.send', 'notification.order-events', 'x'],
  orderId: ['order-1'],
  Prefer: ['respond-async', 'wait=1'],
};

function sampleFromSchema(schema: SchemaObject | undefined): unknown {
  if (schema === undefined) return {};
  if (schema.enum !== undefined) return schema.enum[0];
  switch (schema.type) {
    case 'string':
      return 'fuzz';
    case 'integer':
    case 'number':
      return schema.minimum ?? 1;
    case 'boolean':
      return true;
    case 'array':
      return Array.from({ length: Math.max(1, schema.minItems ?? 1) }, () => sampleFromSchema(schema.items));
    default:
      return Object.fromEntries(
        Object.entries(schema.properties ?? {}).map(([key, value]) => [key, sampleFromSchema(value)]),
      );
  }
}

const paramValue = (name: string) =>
  fc.oneof(
    { weight: 2, arbitrary: fc.constantFrom(...(VALID_PARAMS[name] ?? ['x'])) },
    { weight: 3, arbitrary: hostileString },
  );

/** How a hostile value lands in a URL: percent-encoded, or raw (fetch encodes what it must). */
const inUrl = (value: string, raw: boolean) =>
  raw
    ? value.replaceAll('/', '%2F').replaceAll('?', '%3F').replaceAll('#', '%23')
    : encodeURIComponent(toWellFormed(value));

/** Lone surrogates as U+FFFD, as a URL or header carries them (encodeURIComponent throws on them). */
function toWellFormed(value: string): string {
  return value.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
}

const extraHeaders = fc.dictionary(
  fc.constantFrom('x-forwarded-for', 'idempotency-key', 'traceparent', 'x-request-id', 'prefer', 'accept'),
  hostileString.map((value) =>
    // Header values must be ByteStrings without CR/LF/NUL (fetch refuses others before sending).
    toWellFormed(value)
      .replace(/[^\t\x20-\x7e\x80-\xff]/g, '?')
      .slice(0, 8_000),
  ),
  { maxKeys: 3 },
);

export interface HttpCase {
  pathValues: string[];
  query: [string, string][];
  rawUrl: boolean;
  body: Buffer;
  contentType: string | undefined;
  credential: (typeof CREDENTIAL_KINDS)[number];
  headers: Record<string, string>;
}

export function httpCaseArbitrary(operation: HttpOperation): fc.Arbitrary<HttpCase> {
  const key = `${operation.method} ${operation.path}`;
  const valid = VALID_BODIES[key] ?? sampleFromSchema(operation.body);
  const hasBody = operation.method === 'POST' || operation.method === 'PUT' || operation.method === 'PATCH';
  return fc.record({
    pathValues: fc.tuple(...operation.pathParams.map(paramValue)),
    query: fc
      .subarray(operation.queryParams.concat(operation.headerParams))
      .chain((names) =>
        fc.tuple(...names.map((name) => paramValue(name).map((value): [string, string] => [name, value]))),
      ),
    rawUrl: fc.boolean(),
    body: hasBody ? hostileBody(valid) : fc.constantFrom(Buffer.alloc(0), Buffer.from('{"a":1}')),
    contentType: hostileContentType,
    credential: fc.constantFrom(...CREDENTIAL_KINDS),
    headers: extraHeaders,
  });
}

/** Sends one case; throws (the property fails) on a 5xx, a hang or a dropped connection. */
export async function sendHttpCase(
  operation: HttpOperation,
  testCase: HttpCase,
  credentials: FuzzCredentials,
): Promise<void> {
  let path = operation.path;
  operation.pathParams.forEach((name, index) => {
    path = path.replace(`{${name}}`, inUrl(testCase.pathValues[index] ?? '', testCase.rawUrl));
  });
  const query = testCase.query
    .filter(([name]) => operation.queryParams.includes(name))
    .map(([name, value]) => `${name}=${inUrl(value, testCase.rawUrl)}`)
    .join('&');
  const url = `${operation.baseUrl}${path}${query === '' ? '' : `?${query}`}`;
  const headers: Record<string, string> = { ...testCase.headers };
  for (const [name, value] of testCase.query)
    if (operation.headerParams.includes(name))
      headers[name] = toWellFormed(value).replace(/[^\x20-\x7e]/g, '?');
  const authorization = credentials.authorization(testCase.credential);
  if (authorization !== undefined) headers.authorization = authorization;
  if (testCase.contentType !== undefined) headers['content-type'] = testCase.contentType;
  const hasBody = operation.method !== 'GET' && operation.method !== 'DELETE';
  let response: Response;
  try {
    response = await fetch(url, {
      method: operation.method,
      headers,
      ...(hasBody ? { body: testCase.body } : {}),
      signal: AbortSignal.timeout(15_000),
    });
  } catch (error) {
    throw new Error(`${operation.method} ${url.slice(0, 300)}: no answer (${String(error)})`, {
      cause: error,
    });
  }
  const text = await response.text();
  if (response.status >= 500)
    throw new Error(
      `${operation.method} ${truncate(url, 300)} body ${show(testCase.body.toString('utf8'))} → ` +
        `${String(response.status)} ${truncate(text, 500)}`,
    );
}
