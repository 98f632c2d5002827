import { runWithCorrelationId } from '@commlab/service-kit';

import { resolveEventCause } from './event-cause';

describe('resolveEventCause', () => {
  it("defaults the correlation id to the current request's", () => {
    expect(runWithCorrelationId('req-1', () => resolveEventCause())).toEqual({ correlationId: 'req-1' });
    expect(runWithCorrelationId('req-1', () => resolveEventCause({ causationId: 'msg-1' }))).toEqual({
      correlationId: 'req-1',
      causationId: 'msg-1',
    });
  });

  it('keeps ids that are given, and leaves out ids nobody knows', () => {
    expect(runWithCorrelationId('req-1', () => resolveEventCause({ correlationId: 'flow-7' }))).toEqual({
      correlationId: 'flow-7',
    });
    expect(resolveEventCause({})).toEqual({}); // outside any request
  });
});
