/** Nest injection token for the validated OrderConfig. */
export const ORDER_CONFIG = Symbol('ORDER_CONFIG');
