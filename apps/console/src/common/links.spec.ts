import { traceHref } from './links';

describe('traceHref', () => {
  it('links an order to its trace once a Trace view is registered, and not before', () => {
    expect(traceHref('0b8f', '/trace/:orderId')).toBe('/trace/0b8f');
    expect(traceHref('a/b c', '/trace/:orderId')).toBe('/trace/a%2Fb%20c');
    expect(traceHref('0b8f', null)).toBeUndefined();
  });
});
