import { otlpTracesUrl, type TracingConfig } from '@commlab/config';
import { OTLPTraceExporter as OtlpJsonExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as OtlpProtobufExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';

import { commlabInstrumentations } from './instrumentations';
import { samplerFor } from './sampler';
import { WithoutBeginSpans } from './without-begin-spans';

/** What `startTracing` answers: how this process traces, for its boot line. */
export interface TracingStatus {
  enabled: boolean;
  service: string;
  /** Where spans go (OTLP/HTTP), when enabled. */
  endpoint?: string;
  sampler?: string;
}

/** `service.namespace` of every commlab service: one system in a trace store shared with others. */
const SERVICE_NAMESPACE = 'commlab';

function exporterFor(config: TracingConfig): SpanExporter {
  const url = otlpTracesUrl(config);
  return config.OTEL_EXPORTER_OTLP_PROTOCOL === 'http/json'
    ? new OtlpJsonExporter({ url })
    : new OtlpProtobufExporter({ url });
}

/**
 * Starts OpenTelemetry for this process from validated config: a Node tracer provider (async-hooks
 * context, W3C trace-context and baggage propagation) with the configured sampler, a batching OTLP/HTTP
 * exporter, and OpenTelemetry's instrumentations. With `OTEL_SDK_DISABLED=true` it does nothing: the
 * OpenTelemetry API the code calls stays a no-op. Call it once, before the instrumented modules load.
 */
export function startTracing(config: TracingConfig, service: string): TracingStatus {
  if (config.OTEL_SDK_DISABLED) return { enabled: false, service };
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({
      [ATTR_SERVICE_NAME]: service,
      'service.namespace': SERVICE_NAMESPACE,
    }),
    sampler: new WithoutBeginSpans(samplerFor(config.OTEL_TRACES_SAMPLER, config.OTEL_TRACES_SAMPLER_ARG)),
    spanProcessors: [
      new BatchSpanProcessor(exporterFor(config), {
        scheduledDelayMillis: config.OTEL_BSP_SCHEDULE_DELAY,
        maxQueueSize: 8192,
        maxExportBatchSize: 512,
      }),
    ],
  });
  provider.register();
  registerInstrumentations({ instrumentations: commlabInstrumentations(), tracerProvider: provider });
  const sampler = config.OTEL_TRACES_SAMPLER.endsWith('traceidratio')
    ? `${config.OTEL_TRACES_SAMPLER} ${String(config.OTEL_TRACES_SAMPLER_ARG ?? 1)}`
    : config.OTEL_TRACES_SAMPLER;
  return { enabled: true, service, endpoint: otlpTracesUrl(config), sampler };
}
