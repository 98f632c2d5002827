import type { ConsoleConfig } from '../config/console.config';
import type { ServiceNode } from '../common/topology';

/** Where each service's HTTP API is, from the console's config. */
export function serviceUrls(config: ConsoleConfig): Record<ServiceNode, string> {
  const trim = (url: string) => url.replace(/\/+$/, '');
  return {
    'auth-service': trim(config.AUTH_HTTP_URL),
    'inventory-service': trim(config.INVENTORY_HTTP_URL),
    'order-service': trim(config.ORDER_HTTP_URL),
    'notification-service': trim(config.NOTIFICATION_HTTP_URL),
    'reporting-service': trim(config.REPORTING_HTTP_URL),
  };
}
