import { type ThrowawayVhost, throwawayVhost } from '@commlab/testing';

/**
 * inventory-service consumes `inventory.rpc` and `inventory.commands`: every test file that starts it
 * gives it a RabbitMQ vhost of its own, never the server's shared default one. Call at the top of the
 * file: a beforeAll creates the vhost (failing with a clear message when RabbitMQ is down), an afterAll
 * drops it. The returned function gives its RABBITMQ_URL (inside tests and hooks).
 */
export function useThrowawayRabbitMq(label: string): () => string {
  let vhost: ThrowawayVhost | undefined;
  beforeAll(async () => {
    vhost = await throwawayVhost(label);
  }, 30_000);
  afterAll(async () => {
    await vhost?.drop();
  }, 30_000);
  return () => {
    if (vhost === undefined) throw new Error('the throwaway RabbitMQ vhost is not created yet');
    return vhost.url;
  };
}
