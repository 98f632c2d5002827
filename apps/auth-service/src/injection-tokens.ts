/** Nest tokens for values that are not classes. */

/** The loaded `jose` module (see keys/load-jose.ts). */
export const JOSE = Symbol('JOSE');

/** `() => number`: the current time in epoch milliseconds (fakeable in tests). */
export const CLOCK = Symbol('CLOCK');
export type Clock = () => number;
