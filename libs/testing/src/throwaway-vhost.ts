import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';

import { requireRabbitMq } from './require-server';

const run = promisify(execFile);

export interface ThrowawayVhost {
  /** The vhost's name, `commlab-test-<label>-<hex>`. */
  name: string;
  /** RABBITMQ_URL pointing at it (same server, user and password as the base URL). */
  url: string;
  /** Deletes the vhost and everything in it (queues, exchanges, messages). */
  drop(): Promise<void>;
}

async function rabbitmqctl(args: readonly string[]): Promise<void> {
  try {
    await run('rabbitmqctl', [...args], { timeout: 30_000 });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(
      `rabbitmqctl ${args.join(' ')} failed (${reason}). Tests and the bench, which run in RabbitMQ vhosts ` +
        'of their own, need rabbitmqctl on the machine that runs RabbitMQ (as root or a user with the Erlang cookie).',
      { cause: error },
    );
  }
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
    drop: () => rabbitmqctl(['delete_vhost', name]),
  };
}
