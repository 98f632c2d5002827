import { AppError } from '@commlab/errors';

import { decideSagaStyle } from './decide-saga-style';
import { placeOrderQuerySchema } from './order.schemas';

describe('decideSagaStyle', () => {
  it('gives an async order the requested style, orchestration by default', () => {
    expect(decideSagaStyle('async', 'choreography')).toBe('choreography');
    expect(decideSagaStyle('async', 'orchestration')).toBe('orchestration');
    expect(decideSagaStyle('async', undefined)).toBe('orchestration');
  });

  it('gives a sync order none, and refuses one asked for with SAGA_REQUIRES_ASYNC (400)', () => {
    expect(decideSagaStyle('sync', undefined)).toBeNull();
    const refusal = (() => {
      try {
        decideSagaStyle('sync', 'choreography');
      } catch (error) {
        return error;
      }
      return undefined;
    })();
    expect(refusal).toBeInstanceOf(AppError);
    expect(refusal).toMatchObject({ code: 'SAGA_REQUIRES_ASYNC', kind: 'invalid_argument' });
  });
});

describe('placeOrderQuerySchema saga', () => {
  it('accepts the two styles and leaves it unset when absent', () => {
    expect(placeOrderQuerySchema.parse({ saga: 'choreography' }).saga).toBe('choreography');
    expect(placeOrderQuerySchema.parse({}).saga).toBeUndefined();
  });

  it('refuses an unknown style, naming the valid ones', () => {
    const result = placeOrderQuerySchema.safeParse({ saga: 'Choreography' });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe('must be one of orchestration, choreography');
  });
});
