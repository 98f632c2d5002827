import { ROOT_CONTEXT, SpanKind, trace, TraceFlags } from '@opentelemetry/api';
import { SamplingDecision } from '@opentelemetry/sdk-trace-base';

import { samplerFor } from './sampler';
import { WithoutBeginSpans } from './without-begin-spans';

const traceId = `${'0'.repeat(31)}1`;
const sampledParent = trace.setSpanContext(ROOT_CONTEXT, {
  traceId,
  spanId: '1'.repeat(16),
  traceFlags: TraceFlags.SAMPLED,
});

const decide = (sampler: WithoutBeginSpans, name: string) =>
  sampler.shouldSample(sampledParent, traceId, name, SpanKind.CLIENT, {}, []).decision;

describe('WithoutBeginSpans', () => {
  const sampler = new WithoutBeginSpans(samplerFor('parentbased_always_on', undefined));

  it('records no span for the statement that opens a transaction', () => {
    expect(decide(sampler, 'pg.query:BEGIN commlab')).toBe(SamplingDecision.NOT_RECORD);
    expect(decide(sampler, 'pg.query:BEGIN')).toBe(SamplingDecision.NOT_RECORD);
    expect(decide(sampler, 'pg.query:START commlab')).toBe(SamplingDecision.NOT_RECORD);
  });

  it('leaves the other statements, COMMIT and ROLLBACK included, and every other span to the sampler', () => {
    for (const name of [
      'pg.query:COMMIT commlab',
      'pg.query:ROLLBACK commlab',
      'pg.query:SELECT commlab',
      'pg.query:s79eb438ce7c1f51c commlab',
      'pg.query:BEGINS commlab',
      'POST /orders',
    ])
      expect(decide(sampler, name)).toBe(SamplingDecision.RECORD_AND_SAMPLED);
  });

  it('keeps the wrapped sampler’s decision for the rest: a caller that did not sample stays unsampled', () => {
    const unsampled = trace.setSpanContext(ROOT_CONTEXT, {
      traceId,
      spanId: '1'.repeat(16),
      traceFlags: TraceFlags.NONE,
      isRemote: true,
    });
    expect(
      sampler.shouldSample(unsampled, traceId, 'pg.query:SELECT commlab', SpanKind.CLIENT, {}, []).decision,
    ).toBe(SamplingDecision.NOT_RECORD);
    expect(sampler.toString()).toMatch(/^WithoutBeginSpans\{ParentBased/);
  });
});
