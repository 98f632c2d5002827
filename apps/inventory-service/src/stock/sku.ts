import { z } from 'zod';

/** A SKU is lowercase letters, digits and dashes (inventory.proto), e.g. `mug-red`. */
export const SKU_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;

export const skuSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(SKU_PATTERN, 'expected a SKU: lowercase letters, digits and dashes, e.g. mug-red');
