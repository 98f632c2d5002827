import { createHash } from 'node:crypto';

import type { ProjectionContent } from './sales-report.types';

/**
 * SHA-256 of the projections' content as canonical JSON (the repository reads rows in a fixed order and
 * the object keys are fixed), so two reports hash equal exactly when they say the same thing.
 */
export function contentHash(content: ProjectionContent): string {
  return createHash('sha256').update(JSON.stringify(content)).digest('hex');
}
