import { classifyResponse } from './attempt-webhook';

const now = new Date('2025-01-01T00:00:00Z');

describe('classifyResponse', () => {
  it.each([
    [200, 'delivered'],
    [204, 'delivered'],
    [410, 'gone'],
    [500, 'retriable'],
    [503, 'retriable'],
    [429, 'retriable'],
    [408, 'retriable'],
    [400, 'permanent'],
    [401, 'permanent'],
    [404, 'permanent'],
    [301, 'permanent'],
    [307, 'permanent'],
  ])('%i → %s', (statusCode, kind) => {
    expect(classifyResponse({ statusCode, headers: {} }, now).kind).toBe(kind);
  });

  it('records a redirect Location without following it', () => {
    expect(
      classifyResponse({ statusCode: 302, headers: { location: 'http://10.0.0.1/' } }, now),
    ).toMatchObject({
      kind: 'permanent',
      reason: 'redirect',
      code: 'WEBHOOK_REDIRECT_REFUSED',
      location: 'http://10.0.0.1/',
    });
  });

  it('passes on Retry-After of a 429 or 503', () => {
    expect(classifyResponse({ statusCode: 429, headers: { 'retry-after': '3' } }, now)).toMatchObject({
      kind: 'retriable',
      retryAfterMs: 3000,
    });
  });
});
