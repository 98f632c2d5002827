/**
 * @commlab/tracing — OpenTelemetry for every commlab service from one place: `startTracing` (SDK,
 * sampler, OTLP exporter, OpenTelemetry's own instrumentations). Services load it through
 * `import '@commlab/tracing/register'`, the first line of their main.ts.
 */
export { commlabInstrumentations } from './instrumentations';
export { samplerFor } from './sampler';
export { packageNameOf } from './service-name';
export { startTracing, type TracingStatus } from './start-tracing';
