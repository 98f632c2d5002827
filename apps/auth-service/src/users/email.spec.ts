import { emailSchema, normalizeEmail } from './email';

describe('emails', () => {
  it('normalizes by trimming and lower-casing', () => {
    expect(normalizeEmail('  Alice@Example.COM ')).toBe('alice@example.com');
    expect(emailSchema.parse(' Bob@Example.com')).toBe('bob@example.com');
  });

  it('rejects what is not an email address', () => {
    for (const bad of ['', 'alice', 'alice@', '@example.com', `${'a'.repeat(250)}@example.com`]) {
      expect(emailSchema.safeParse(bad).success).toBe(false);
    }
  });
});
