export { type AddressCategory, type AddressClass, classifyAddress } from './address-ranges';
export {
  attemptWebhook,
  type AttemptWebhookInput,
  classifyResponse,
  WEBHOOK_USER_AGENT,
} from './attempt-webhook';
export {
  type CallbackUrlPolicy,
  checkCallbackUrl,
  type CheckedCallbackUrl,
  type HostLookup,
  type ResolvedAddress,
  systemHostLookup,
} from './callback-url-policy';
export {
  deliverWebhook,
  type DeliverWebhookInput,
  type WebhookDeliveryResult,
  type WebhookDeliveryStatus,
} from './deliver-webhook';
export { retryAfterMs } from './retry-after';
export type { WebhookAttemptOutcome, WebhookAttemptRecord, WebhookMessage } from './webhook-attempt';
export {
  DEFAULT_WEBHOOK_LISTEN_PORT,
  DEV_WEBHOOK_SIGNING_SECRET,
  webhookConfigFields,
  webhookConfigSchema,
  type WebhookConfig,
  type WebhookSettings,
  webhookSettings,
} from './webhook.config';
export { WEBHOOK_ERROR_CODES } from './webhook-error-codes';
export {
  assertWebhookSecret,
  generateWebhookSecret,
  WEBHOOK_SECRET_PREFIX,
  webhookSecretProblem,
} from './webhook-secret';
export {
  type ReceivedHeaders,
  signWebhook,
  type SignWebhookInput,
  verifyWebhook,
  type WebhookSignatureHeaders,
} from './webhook-signature';
