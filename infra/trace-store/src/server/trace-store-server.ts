import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';

import { decodeOtlpJson, decodeOtlpProtobuf, OtlpDecodeError } from '../otlp/otlp-decode';
import { TraceStore, type TraceStoreLimits } from '../store/trace-store';
import { summarize, traceView } from '../store/trace-views';

export interface TraceStoreServerOptions extends TraceStoreLimits {
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 4318 (the OTLP/HTTP port); 0 = any free port. */
  port?: number;
  /** Largest export request accepted, after decompression (default 8 MiB). */
  maxBodyBytes?: number;
}

export interface RunningTraceStore {
  /** `http://host:port`: the OTLP endpoint (`OTEL_EXPORTER_OTLP_ENDPOINT`) and the JSON API's base. */
  url: string;
  store: TraceStore;
  close(): Promise<void>;
}

const TRACE_ID = /^[0-9a-f]{32}$/i;
const DEFAULT_LIST_LIMIT = 20;
const MAX_LIST_LIMIT = 500;

class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    // The console (another origin in development) reads this API from the browser.
    'access-control-allow-origin': '*',
  });
  response.end(text);
}

async function readBody(request: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes)
      throw new HttpProblem(413, 'BODY_TOO_LARGE', `the body exceeds ${String(maxBytes)} bytes`);
    chunks.push(chunk);
  }
  const body = Buffer.concat(chunks);
  const encoding = (request.headers['content-encoding'] ?? 'identity').toLowerCase();
  if (encoding === 'identity') return body;
  if (encoding !== 'gzip') {
    throw new HttpProblem(
      415,
      'UNSUPPORTED_ENCODING',
      `content-encoding ${encoding} is not supported (gzip is)`,
    );
  }
  try {
    return gunzipSync(body, { maxOutputLength: maxBytes });
  } catch (error) {
    throw new HttpProblem(
      400,
      'BAD_GZIP',
      `the gzip body could not be inflated: ${(error as Error).message}`,
    );
  }
}

function listLimit(raw: string | null): number {
  if (raw === null) return DEFAULT_LIST_LIMIT;
  const limit = Number(raw);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIST_LIMIT) {
    throw new HttpProblem(400, 'BAD_LIMIT', `limit must be an integer from 1 to ${String(MAX_LIST_LIMIT)}`);
  }
  return limit;
}

/**
 * A trace store you don't install: an OTLP/HTTP receiver (`POST /v1/traces`, JSON or protobuf, gzip
 * or not — what every OpenTelemetry SDK sends by default) that keeps recent traces in bounded memory and
 * serves them as JSON:
 * - `GET /api/traces?limit=N` — summaries, most recently updated first;
 * - `GET /api/traces?orderId=…` / `?correlationId=…` — the traces that name that id;
 * - `GET /api/traces/{traceId}` — one trace, its spans in waterfall order;
 * - `GET /health`.
 */
export async function startTraceStoreServer(
  options: TraceStoreServerOptions = {},
): Promise<RunningTraceStore> {
  const store = new TraceStore(options);
  const maxBodyBytes = options.maxBodyBytes ?? 8 * 1024 * 1024;

  const receive = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const type = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    if (type !== 'application/json' && type !== 'application/x-protobuf') {
      throw new HttpProblem(
        415,
        'UNSUPPORTED_CONTENT_TYPE',
        'an OTLP export is application/json or application/x-protobuf',
      );
    }
    const body = await readBody(request, maxBodyBytes);
    const spans =
      type === 'application/json' ? decodeOtlpJson(body.toString('utf8')) : decodeOtlpProtobuf(body);
    store.add(spans);
    if (type === 'application/json') sendJson(response, 200, { partialSuccess: {} });
    else {
      // An empty ExportTraceServiceResponse: full success.
      response.writeHead(200, { 'content-type': 'application/x-protobuf', 'content-length': 0 });
      response.end();
    }
  };

  const serve = (url: URL, response: ServerResponse): void => {
    if (url.pathname === '/health') {
      sendJson(response, 200, { status: 'ok', ...store.stats() });
      return;
    }
    if (url.pathname === '/api/traces') {
      const limit = listLimit(url.searchParams.get('limit'));
      const orderId = url.searchParams.get('orderId');
      const correlationId = url.searchParams.get('correlationId');
      const traces =
        orderId !== null
          ? store.find('orderId', orderId)
          : correlationId !== null
            ? store.find('correlationId', correlationId)
            : store.recent(limit);
      sendJson(response, 200, { traces: traces.slice(0, limit).map(summarize) });
      return;
    }
    const match = /^\/api\/traces\/([^/]+)$/.exec(url.pathname);
    if (match?.[1] !== undefined) {
      const traceId = decodeURIComponent(match[1]);
      if (!TRACE_ID.test(traceId)) throw new HttpProblem(400, 'BAD_TRACE_ID', 'a trace id is 32 hex digits');
      const trace = store.get(traceId);
      if (trace === undefined)
        throw new HttpProblem(404, 'TRACE_NOT_FOUND', `no trace ${traceId} in the store`);
      sendJson(response, 200, { trace: traceView(trace) });
      return;
    }
    throw new HttpProblem(404, 'NOT_FOUND', `no route ${url.pathname}`);
  };

  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://trace-store');
    const handled =
      request.method === 'POST' && url.pathname === '/v1/traces'
        ? receive(request, response)
        : request.method === 'GET'
          ? Promise.resolve().then(() => {
              serve(url, response);
            })
          : Promise.reject(
              new HttpProblem(405, 'METHOD_NOT_ALLOWED', `${request.method ?? ''} is not allowed here`),
            );
    handled.catch((error: unknown) => {
      if (response.headersSent) {
        response.destroy();
        return;
      }
      if (error instanceof HttpProblem) {
        sendJson(response, error.status, {
          statusCode: error.status,
          code: error.code,
          message: error.message,
        });
      } else if (error instanceof OtlpDecodeError) {
        sendJson(response, 400, { statusCode: 400, code: 'BAD_OTLP_REQUEST', message: error.message });
      } else {
        sendJson(response, 500, { statusCode: 500, code: 'INTERNAL', message: String(error) });
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 4318, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${String(address.port)}`,
    store,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
        server.closeAllConnections();
      }),
  };
}
