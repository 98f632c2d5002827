/** Nest tokens for values that are not classes. */

/** The validated `AuthConfig`. */
export const AUTH_CONFIG = Symbol('AUTH_CONFIG');

/** The loaded `jose` module (see keys/load-jose.ts). */
export const JOSE = Symbol('JOSE');

/** `() => number`: the current time in epoch milliseconds (fakeable in tests). */
export const CLOCK = Symbol('CLOCK');
export type Clock = () => number;
