import type { Attributes, Context, Link, SpanKind } from '@opentelemetry/api';
import { type Sampler, SamplingDecision, type SamplingResult } from '@opentelemetry/sdk-trace-base';

/**
 * The span of a statement that opens a transaction, as OpenTelemetry's pg instrumentation and
 * @commlab/persistence's PGlite spans name it: `pg.query:BEGIN <database>` (or `START`).
 */
const OPENS_TRANSACTION = /^pg\.query:(BEGIN|START)( |$)/;

/**
 * The configured sampler, except that a transaction's `BEGIN` makes no span: it is one round trip that
 * holds no lock and says nothing the enclosing span and the queries after it do not. The decision comes
 * before the span is built, so such a span is never recorded, exported or stored. `COMMIT` and
 * `ROLLBACK` stay: a commit's duration is the time its durability cost, a rollback is news.
 */
export class WithoutBeginSpans implements Sampler {
  constructor(private readonly sampler: Sampler) {}

  shouldSample(
    context: Context,
    traceId: string,
    spanName: string,
    spanKind: SpanKind,
    attributes: Attributes,
    links: Link[],
  ): SamplingResult {
    if (OPENS_TRANSACTION.test(spanName)) return { decision: SamplingDecision.NOT_RECORD };
    return this.sampler.shouldSample(context, traceId, spanName, spanKind, attributes, links);
  }

  toString(): string {
    return `WithoutBeginSpans{${this.sampler.toString()}}`;
  }
}
