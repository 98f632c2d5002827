import { assertWebhookSecret, generateWebhookSecret, webhookSecretProblem } from './webhook-secret';

describe('webhook secrets', () => {
  it('generates distinct whsec_ secrets of 32 random bytes', () => {
    const a = generateWebhookSecret();
    const b = generateWebhookSecret();
    expect(a).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    expect(a).not.toBe(b);
    expect(Buffer.from(a.slice('whsec_'.length), 'base64')).toHaveLength(32);
    expect(webhookSecretProblem(a)).toBeUndefined();
  });

  it.each([
    ['no prefix', 'c2VjcmV0', /start with whsec_/],
    ['not base64', 'whsec_not base64!', /base64/],
    ['too short', `whsec_${Buffer.alloc(8).toString('base64')}`, /24…64 bytes; it has 8/],
  ])('names the problem: %s', (_name, secret, problem) => {
    expect(webhookSecretProblem(secret)).toMatch(problem);
    expect(() => {
      assertWebhookSecret(secret);
    }).toThrow(expect.objectContaining({ code: 'WEBHOOK_SECRET_INVALID' }) as Error);
  });

  it('refuses to generate a key outside 24…64 bytes', () => {
    expect(() => generateWebhookSecret(8)).toThrow(RangeError);
  });
});
