import { randomBytes } from 'node:crypto';

import { rabbitmqctl } from './rabbitmqctl';
import { requireRabbitMq } from './require-server';

export interface ThrowawayVhost {
  /** The vhost's name, `commlab-test-<label>-<hex>`. */
  name: string;
  /** RABBITMQ_URL pointing at it (same server, user and password as the base URL). */
  url: string;
  /** Deletes the vhost and everything in it (queues, exchanges, messages). */
  drop(): Promise<void>;
}

/**
 * A fresh RabbitMQ virtual host for one test file: the real server, with queue and exchange names that
 * no other test (running in parallel) can see. Needs `rabbitmqctl` (installed with rabbitmq-server).
 */
export async function throwawayVhost(label: string, baseUrl?: string): Promise<ThrowawayVhost> {
  const base = new URL(await requireRabbitMq(baseUrl));
  const name = `commlab-test-${label}-${randomBytes(4).toString('hex')}`;
  await rabbitmqctl(['add_vhost', name]);
  await rabbitmqctl([
    'set_permissions',
    '-p',
    name,
    decodeURIComponent(base.username || 'guest'),
    '.*',
    '.*',
    '.*',
  ]);
  const url = new URL(base.toString());
  url.pathname = `/${encodeURIComponent(name)}`;
  return {
    name,
    url: url.toString(),
    drop: async () => {
      await rabbitmqctl(['delete_vhost', name]);
    },
  };
}
