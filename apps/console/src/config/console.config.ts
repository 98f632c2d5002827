import { env, infrastructureConfigSchema } from '@commlab/config';
import { PORTS } from '@commlab/contracts';
import { webhookConfigFields } from '@commlab/webhooks';
import type { z } from 'zod';

const HTTP = ['http:', 'https:'] as const;

/**
 * The console's variables: the brokers it reads (shared names and defaults; it keeps no database) and
 * the services' URLs, which default to the local `pnpm start` stack; compose points them at the containers.
 */
export const consoleConfigSchema = infrastructureConfigSchema
  .pick({
    COMMLAB_ENV: true,
    LOG_LEVEL: true,
    KAFKA_BROKERS: true,
    RABBITMQ_URL: true,
    REDIS_URL: true,
    BIND_HOST: true,
  })
  .extend({
    CONSOLE_PORT: env.port(PORTS.console.http),
    ORDER_HTTP_URL: env.url(`http://127.0.0.1:${PORTS.order.http}`, HTTP),
    AUTH_HTTP_URL: env.url(`http://127.0.0.1:${PORTS.auth.http}`, HTTP),
    INVENTORY_HTTP_URL: env.url(`http://127.0.0.1:${PORTS.inventory.http}`, HTTP),
    NOTIFICATION_HTTP_URL: env.url(`http://127.0.0.1:${PORTS.notification.http}`, HTTP),
    REPORTING_HTTP_URL: env.url(`http://127.0.0.1:${PORTS.reporting.http}`, HTTP),
    /**
     * The data directory of the `pnpm start` whose services the faults view stops, pauses and resumes (its
     * control socket is `<dir>/stack.sock`). Under docker compose there is none: the view says so.
     */
    COMMLAB_DATA_DIR: env.path('.data'),
    /** Where `pnpm bench` wrote its runs (`<dir>/<time>/results.json`), for the benchmarks view. */
    BENCH_RESULTS_DIR: env.path('bench-results'),
    /**
     * The callback URL async orders placed from the console carry, so their webhook attempts show in the
     * timeline. Unset: the console's own `/hooks/orders` on loopback in development, none otherwise
     * (order-service only calls private addresses when WEBHOOK_ALLOW_PRIVATE=true).
     */
    CONSOLE_CALLBACK_URL: env.optionalUrl(HTTP),
    /** How long one call to a service or broker may take before the page shows it as not answering. */
    CONSOLE_CALL_TIMEOUT_MS: env.durationMs(3_000),
    /** Verifies the callbacks the console receives (the same secret order-service signs with). */
    WEBHOOK_SIGNING_SECRET: webhookConfigFields.WEBHOOK_SIGNING_SECRET,
  });

export type ConsoleConfig = z.infer<typeof consoleConfigSchema>;
