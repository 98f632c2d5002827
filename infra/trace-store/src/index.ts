/**
 * @commlab/trace-store — a trace store you don't install: `pnpm start` runs it on :4318 (the OTLP/HTTP
 * default), services export their spans to it, and `pnpm trace` (and the console) read its JSON API.
 */
export { decodeOtlpJson, decodeOtlpProtobuf, OtlpDecodeError } from './otlp/otlp-decode';
export type {
  AttributeValue,
  SpanEventRecord,
  SpanKindName,
  SpanLinkRecord,
  SpanRecord,
  StatusCodeName,
} from './otlp/span-record';
export {
  CORRELATION_ID_ATTRIBUTES,
  ORDER_ID_ATTRIBUTES,
  type StoredTrace,
  TraceStore,
  type TraceStoreLimits,
} from './store/trace-store';
export { type SpanView, summarize, type TraceSummary, type TraceView, traceView } from './store/trace-views';
export {
  type RunningTraceStore,
  startTraceStoreServer,
  type TraceStoreServerOptions,
} from './server/trace-store-server';
