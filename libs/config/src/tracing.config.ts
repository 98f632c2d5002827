import { PORTS } from '@commlab/contracts';
import { z } from 'zod';

import { bool, durationMs, oneOf, optionalUrl, url } from './fields';

/** The samplers of the OpenTelemetry environment specification (`OTEL_TRACES_SAMPLER`). */
export const TRACE_SAMPLERS = [
  'always_on',
  'always_off',
  'traceidratio',
  'parentbased_always_on',
  'parentbased_always_off',
  'parentbased_traceidratio',
] as const;

export type TraceSamplerName = (typeof TRACE_SAMPLERS)[number];

/** A sampling ratio, 0 (nothing) to 1 (everything). */
function ratio() {
  return z.coerce
    .number()
    .min(0)
    .max(1)
    .optional()
    .describe('a sampling ratio from 0 to 1, e.g. 0.25 (unset: 1 for the *traceidratio samplers)');
}

/**
 * Tracing, with the variable names and meanings of the OpenTelemetry environment specification, validated
 * like every other config (a bad value stops the service at boot naming the variable). Every service
 * reads it once, before anything else is loaded (@commlab/tracing).
 *
 * - `OTEL_SDK_DISABLED=true`: no SDK at all — the OpenTelemetry API stays a no-op (the "tracing off" side
 *   of a measurement).
 * - `OTEL_TRACES_SAMPLER` / `OTEL_TRACES_SAMPLER_ARG`: default `parentbased_always_on` (everything, as in
 *   development); `parentbased_traceidratio` with a ratio keeps that share of new traces and follows the
 *   caller's decision for the rest.
 * - `OTEL_EXPORTER_OTLP_ENDPOINT`: where spans go over OTLP/HTTP (`/v1/traces` is appended); default the
 *   trace store `pnpm start` runs on :4318. `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` is the full URL instead.
 */
export const tracingConfigSchema = z.object({
  OTEL_SDK_DISABLED: bool(false),
  OTEL_SERVICE_NAME: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,64}$/, 'a service name')
    .optional()
    .describe('a service name such as order-service (unset: the name of the started package)'),
  OTEL_TRACES_SAMPLER: oneOf(TRACE_SAMPLERS, 'parentbased_always_on'),
  OTEL_TRACES_SAMPLER_ARG: ratio(),
  OTEL_EXPORTER_OTLP_ENDPOINT: url(`http://127.0.0.1:${PORTS.otlpHttp}`, ['http:', 'https:']),
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: optionalUrl(['http:', 'https:']),
  OTEL_EXPORTER_OTLP_PROTOCOL: oneOf(['http/protobuf', 'http/json'], 'http/protobuf'),
  /** How long finished spans wait before they are exported in one batch. */
  OTEL_BSP_SCHEDULE_DELAY: durationMs(500),
});

export type TracingConfig = z.infer<typeof tracingConfigSchema>;

/** The OTLP/HTTP URL spans are POSTed to. */
export function otlpTracesUrl(
  config: Pick<TracingConfig, 'OTEL_EXPORTER_OTLP_ENDPOINT' | 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT'>,
): string {
  if (config.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT !== undefined)
    return config.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT;
  return `${config.OTEL_EXPORTER_OTLP_ENDPOINT.replace(/\/+$/, '')}/v1/traces`;
}
