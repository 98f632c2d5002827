import type { TraceSamplerName } from '@commlab/config';
import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  ParentBasedSampler,
  type Sampler,
  TraceIdRatioBasedSampler,
} from '@opentelemetry/sdk-trace-base';

/**
 * The sampler `OTEL_TRACES_SAMPLER` names, built as the OpenTelemetry environment specification says:
 * `parentbased_*` follow the caller's decision (a sampled `traceparent` flag) and apply the named sampler
 * only to new traces; `*traceidratio` keep `ratio` of the trace ids (1 when unset), so every service of
 * one trace decides the same way.
 */
export function samplerFor(name: TraceSamplerName, ratio: number | undefined): Sampler {
  const share = ratio ?? 1;
  switch (name) {
    case 'always_on':
      return new AlwaysOnSampler();
    case 'always_off':
      return new AlwaysOffSampler();
    case 'traceidratio':
      return new TraceIdRatioBasedSampler(share);
    case 'parentbased_always_on':
      return new ParentBasedSampler({ root: new AlwaysOnSampler() });
    case 'parentbased_always_off':
      return new ParentBasedSampler({ root: new AlwaysOffSampler() });
    case 'parentbased_traceidratio':
      return new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(share) });
  }
}
