/**
 * The stable codes of every error and failed attempt this library reports. Callers switch on these;
 * `GET /orders/{id}` shows them in the delivery history.
 */
export const WEBHOOK_ERROR_CODES = {
  /** Not a URL, not http/https, or with credentials (`user:password@`). */
  callbackUrlInvalid: 'CALLBACK_URL_INVALID',
  /** The host is, or resolves to, an address in a refused range (loopback, private, link-local, …). */
  callbackUrlRefused: 'CALLBACK_URL_REFUSED',
  /** The host name did not resolve (may be temporary: retriable). */
  callbackHostUnresolved: 'CALLBACK_HOST_UNRESOLVED',
  /** A secret that is not `whsec_` + base64 of 24…64 bytes. */
  secretInvalid: 'WEBHOOK_SECRET_INVALID',
  /** Missing headers, a stale/future timestamp or no matching signature. */
  signatureInvalid: 'WEBHOOK_SIGNATURE_INVALID',
  /** The attempt took longer than its timeout (connect + response). */
  timeout: 'WEBHOOK_TIMEOUT',
  /** The connection failed or broke (refused, reset, TLS, …). */
  networkError: 'WEBHOOK_NETWORK_ERROR',
  /** The receiver answered something other than 2xx. */
  httpStatus: 'WEBHOOK_HTTP_STATUS',
  /** The receiver answered a redirect; it is never followed. */
  redirectRefused: 'WEBHOOK_REDIRECT_REFUSED',
  /** The delivery was cancelled through its AbortSignal (e.g. at shutdown). */
  cancelled: 'WEBHOOK_CANCELLED',
} as const;
