/** Nest injection token for order-service's Database. */
export const ORDER_DATABASE = Symbol('ORDER_DATABASE');
