import { loadConfig, tracingConfigSchema } from '@commlab/config';
import { ROOT_CONTEXT, SpanKind, trace, TraceFlags } from '@opentelemetry/api';
import { SamplingDecision } from '@opentelemetry/sdk-trace-base';

import { samplerFor } from './sampler';

const decide = (
  name: Parameters<typeof samplerFor>[0],
  ratio: number | undefined,
  traceId: string,
  parentSampled?: boolean,
) => {
  const parent =
    parentSampled === undefined
      ? ROOT_CONTEXT
      : trace.setSpanContext(ROOT_CONTEXT, {
          traceId,
          spanId: '1'.repeat(16),
          traceFlags: parentSampled ? TraceFlags.SAMPLED : TraceFlags.NONE,
          isRemote: true,
        });
  return samplerFor(name, ratio).shouldSample(parent, traceId, 'span', SpanKind.SERVER, {}, []).decision;
};

describe('samplerFor (OTEL_TRACES_SAMPLER)', () => {
  // The ratio sampler compares the XOR of the id's four 32-bit words with ratio × 2³²:
  const low = `${'0'.repeat(31)}1`; // 1: inside any ratio > 0
  const high = `ffffffff${'0'.repeat(24)}`; // 2³² − 1: outside any ratio < 1

  it('parentbased_traceidratio keeps its ratio of new traces and follows the caller for the rest', () => {
    expect(decide('parentbased_traceidratio', 0.25, low)).toBe(SamplingDecision.RECORD_AND_SAMPLED);
    expect(decide('parentbased_traceidratio', 0.25, high)).toBe(SamplingDecision.NOT_RECORD);
    expect(decide('parentbased_traceidratio', 0.25, high, true)).toBe(SamplingDecision.RECORD_AND_SAMPLED);
    expect(decide('parentbased_traceidratio', 0.25, low, false)).toBe(SamplingDecision.NOT_RECORD);
  });

  it('the default records everything, always_off nothing', () => {
    const defaults = loadConfig(tracingConfigSchema, {});
    expect([defaults.OTEL_TRACES_SAMPLER, defaults.OTEL_SDK_DISABLED]).toEqual([
      'parentbased_always_on',
      false,
    ]);
    expect(decide(defaults.OTEL_TRACES_SAMPLER, undefined, high)).toBe(SamplingDecision.RECORD_AND_SAMPLED);
    expect(decide('always_off', undefined, low, true)).toBe(SamplingDecision.NOT_RECORD);
  });

  it('refuses a bad sampler or ratio, naming the variable', () => {
    expect(() => loadConfig(tracingConfigSchema, { OTEL_TRACES_SAMPLER: 'sometimes' })).toThrow(
      /OTEL_TRACES_SAMPLER/,
    );
    expect(() => loadConfig(tracingConfigSchema, { OTEL_TRACES_SAMPLER_ARG: '1.5' })).toThrow(
      /OTEL_TRACES_SAMPLER_ARG/,
    );
    expect(() => loadConfig(tracingConfigSchema, { OTEL_SDK_DISABLED: 'maybe' })).toThrow(
      /OTEL_SDK_DISABLED/,
    );
    expect(loadConfig(tracingConfigSchema, { OTEL_SDK_DISABLED: 'true' }).OTEL_SDK_DISABLED).toBe(true);
  });
});
