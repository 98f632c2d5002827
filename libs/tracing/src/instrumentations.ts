import type { Instrumentation } from '@opentelemetry/instrumentation';
import { AmqplibInstrumentation } from '@opentelemetry/instrumentation-amqplib';
import { GrpcInstrumentation } from '@opentelemetry/instrumentation-grpc';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { KafkaJsInstrumentation } from '@opentelemetry/instrumentation-kafkajs';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { PinoInstrumentation } from '@opentelemetry/instrumentation-pino';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';

/** Paths whose requests make no span: probes and the API docs. */
const UNTRACED_PATHS = /^\/(health|docs)(\/|\?|$)/;

/**
 * OpenTelemetry's own instrumentations for everything a commlab service talks through: HTTP server and
 * client (node:http) and fetch (undici), gRPC, amqplib, kafkajs, pg, and pino (trace_id and span_id in
 * every log line). They patch the modules when they are first required, which is why tracing
 * starts before anything else (`@commlab/tracing/register`).
 *
 * Left out, because every span costs CPU in the service and in the trace store and these said nothing
 * the trace does not already show (docs/tracing.md, "What is not traced"): NestJS's (a request-context and
 * a handler span inside every HTTP server span, same timing), pg's connect spans (a `pg-pool.connect`
 * per pool checkout, a `pg.connect` per new connection), ioredis (a `publish` span per live-feed line:
 * fire-and-forget, and the line carries the trace id itself), and fs, dns and net, which
 * auto-instrumentations-node would add. A transaction's `BEGIN` makes no span either (the sampler,
 * `WithoutBeginSpans`).
 */
export function commlabInstrumentations(): Instrumentation[] {
  return [
    new HttpInstrumentation({
      ignoreIncomingRequestHook: (request) => UNTRACED_PATHS.test(request.url ?? ''),
    }),
    new UndiciInstrumentation(),
    new GrpcInstrumentation(),
    new AmqplibInstrumentation(),
    new KafkaJsInstrumentation(),
    new PgInstrumentation({
      enhancedDatabaseReporting: false,
      requireParentSpan: true,
      ignoreConnectSpans: true,
    }),
    // Only the trace context in the log lines; the lines themselves stay on stdout.
    new PinoInstrumentation({ disableLogSending: true }),
  ];
}
