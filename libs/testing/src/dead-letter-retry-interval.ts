import { rabbitmqctl } from './rabbitmqctl';

const SETTING = 'dead_letter_worker_publisher_confirm_timeout';

async function readInterval(): Promise<number> {
  const printed = (await rabbitmqctl(['eval', `application:get_env(rabbit, ${SETTING}).`])).trim();
  const match = /^\{ok,(\d+)\}$/.exec(printed);
  if (match?.[1] === undefined)
    throw new Error(`RabbitMQ's ${SETTING} could not be read: rabbitmqctl eval printed ${printed}`);
  return Number(match[1]);
}

async function writeInterval(ms: number): Promise<void> {
  await rabbitmqctl(['eval', `application:set_env(rabbit, ${SETTING}, ${String(ms)}).`]);
}

/**
 * Runs `declare` while RabbitMQ's `dead_letter_worker_publisher_confirm_timeout` is `ms`, then puts the
 * broker's value back. A quorum queue with at-least-once dead-lettering reads it when it is declared: it
 * is how often the broker offers a kept message again to a queue that refused it (180 s by default),
 * which a test cannot wait for. RabbitMQ's own test suites lower it the same way. Needs rabbitmqctl.
 */
export async function withDeadLetterRetryInterval<T>(ms: number, declare: () => Promise<T>): Promise<T> {
  if (!Number.isInteger(ms) || ms < 1)
    throw new RangeError(`ms must be a positive integer; got ${String(ms)}`);
  const before = await readInterval();
  await writeInterval(ms);
  try {
    return await declare();
  } finally {
    await writeInterval(before);
  }
}
