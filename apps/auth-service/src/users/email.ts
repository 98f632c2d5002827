import { z } from 'zod';

/**
 * The one spelling of an email address the service stores, looks up and throttles by: trimmed and
 * lower-cased, so `Alice@Example.com ` and `alice@example.com` are one account.
 */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** An email address as clients send it, normalized. */
export const emailSchema = z
  .string()
  .max(254)
  .transform(normalizeEmail)
  .pipe(z.email({ message: 'an email address, e.g. alice@example.com' }));
