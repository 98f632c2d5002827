import { randomBytes } from 'node:crypto';

import { RABBITMQ_QUEUES, retryQueue } from '@commlab/contracts';
import { retryPolicy } from '@commlab/resilience';
import {
  type ThrowawayVhost,
  throwawayVhost,
  waitFor,
  WaitForTimeoutError,
  withDeadLetterRetryInterval,
} from '@commlab/testing';
import amqp, { type ChannelModel, type ConfirmChannel, type GetMessage } from 'amqplib';

import {
  assertCommlabTopology,
  assertWorkQueue,
  handleRmqDelivery,
  retryQueueArguments,
  RMQ_POLICY_HEADERS,
  type TopologyNames,
  workQueueNames,
} from '../src';

/** How often the broker offers a kept retry again, lowered for these tests (180 s by default). */
const KEEP_RETRY_INTERVAL_MS = 500;
const RETRY_DELAY_MS = 100;

describe('<queue>.retry of a bounded queue keeps a retry the full queue refuses (real RabbitMQ)', () => {
  let vhost: ThrowawayVhost;
  let connection: ChannelModel;
  let channel: ConfirmChannel;
  const names: TopologyNames = { events: 'rq.events', deadLetterExchange: 'rq.dlx' };
  const policy = retryPolicy({
    maxAttempts: 3,
    baseDelayMs: RETRY_DELAY_MS,
    maxDelayMs: RETRY_DELAY_MS,
    jitter: 0,
  });

  beforeAll(async () => {
    vhost = await throwawayVhost('retry-queue');
    connection = await amqp.connect(vhost.url);
    channel = await connection.createConfirmChannel();
  }, 30_000);

  afterAll(async () => {
    await connection.close().catch(() => undefined);
    await vhost.drop();
  });

  const newQueue = () => `rq.jobs.${randomBytes(3).toString('hex')}`;

  async function send(queue: string, body: string, options: amqp.Options.Publish = {}): Promise<void> {
    channel.sendToQueue(queue, Buffer.from(body), { persistent: true, ...options });
    await channel.waitForConfirms();
  }

  const take = (queue: string): Promise<GetMessage> =>
    waitFor(async () => (await channel.get(queue)) || undefined, { description: `a message on ${queue}` });

  /** A probe on a channel of its own: true when RabbitMQ accepts `args` for the queue as it exists. */
  async function declaredWith(queue: string, args: Record<string, unknown>): Promise<boolean> {
    const probe = await connection.createChannel();
    probe.on('error', () => undefined);
    try {
      await probe.assertQueue(queue, { durable: true, arguments: args });
      await probe.close();
      return true;
    } catch (error) {
      if ((error as { code?: unknown }).code === 406) return false;
      throw error;
    }
  }

  /**
   * A job fails while its queue (bound 1) is full with another job: the retry expires into a full
   * queue. Returns what came back to the queue once the other job was consumed (none within `waitMs`).
   */
  async function retryIntoFullQueue(queue: string, waitMs: number): Promise<GetMessage | undefined> {
    await send(queue, 'failing job');
    const failing = await take(queue); // unacked: not counted by the bound
    await send(queue, 'job that fills the queue');
    const outcome = await handleRmqDelivery({
      message: failing,
      channel,
      queue,
      parse: () => ({ ok: true, message: 'job' }),
      handle: () => Promise.reject(new Error('smtp down')),
      policy,
    });
    expect(outcome).toMatchObject({ outcome: 'retry-scheduled', attempt: 1, delayMs: RETRY_DELAY_MS });

    // Well past its delay, the retry is neither in the full queue nor ready in the retry queue.
    await new Promise((resolve) => setTimeout(resolve, 10 * RETRY_DELAY_MS));
    expect((await channel.checkQueue(queue)).messageCount).toBe(1);
    expect((await channel.checkQueue(retryQueue(queue))).messageCount).toBe(0);

    const filler = await take(queue);
    expect(filler.content.toString()).toBe('job that fills the queue');
    channel.ack(filler);
    try {
      return await waitFor(async () => (await channel.get(queue, { noAck: true })) || undefined, {
        timeoutMs: waitMs,
        description: `the retried job back on ${queue}`,
      });
    } catch (error) {
      if (error instanceof WaitForTimeoutError) return undefined;
      throw error;
    }
  }

  it('a retry that expires while the queue is full comes back once there is room, its attempt counted', async () => {
    const queue = newQueue();
    await withDeadLetterRetryInterval(KEEP_RETRY_INTERVAL_MS, () =>
      assertWorkQueue(channel, queue, names, { maxLength: 1 }),
    );
    const back = await retryIntoFullQueue(queue, 20 * KEEP_RETRY_INTERVAL_MS);
    expect(back?.content.toString()).toBe('failing job');
    expect(back?.properties.headers?.[RMQ_POLICY_HEADERS.attempt]).toBe(2);
  }, 30_000);

  it('the same with a classic retry queue loses the job (what the quorum retry queue prevents)', async () => {
    const queue = newQueue();
    await channel.assertQueue(queue, {
      durable: true,
      arguments: { 'x-max-length': 1, 'x-overflow': 'reject-publish' },
    });
    await channel.assertQueue(retryQueue(queue), {
      durable: true,
      arguments: retryQueueArguments(queue, false),
    });
    expect(await retryIntoFullQueue(queue, 10 * KEEP_RETRY_INTERVAL_MS)).toBeUndefined();
  }, 30_000);

  it('the retry queue of an unbounded queue stays classic; notifications.send’s is a keeping one for every process', async () => {
    const unbounded = newQueue();
    await assertWorkQueue(channel, unbounded, names);
    expect(await declaredWith(retryQueue(unbounded), retryQueueArguments(unbounded, false))).toBe(true);

    await assertCommlabTopology(channel); // as a process that is not the owner
    const jobs = RABBITMQ_QUEUES.notificationsSend;
    expect(await declaredWith(retryQueue(jobs), retryQueueArguments(jobs, true))).toBe(true);
    const cleaner = await connection.createChannel();
    await cleaner.deleteQueue(jobs);
    await cleaner.deleteQueue(retryQueue(jobs));
    await cleaner.close();
    await assertCommlabTopology(channel, { notificationsSend: { maxLength: 0 } }); // the owner, unbounded
    expect(await declaredWith(retryQueue(jobs), retryQueueArguments(jobs, true))).toBe(true);
  }, 30_000);

  it('replaces an empty classic retry queue from before; leaves one that still holds retries, with a warning', async () => {
    const warn = jest.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    try {
      const empty = newQueue();
      await channel.assertQueue(retryQueue(empty), {
        durable: true,
        arguments: retryQueueArguments(empty, false),
      });
      await assertWorkQueue(channel, empty, names, { maxLength: 1 });
      expect(await declaredWith(retryQueue(empty), retryQueueArguments(empty, true))).toBe(true);
      expect(warn).not.toHaveBeenCalled();

      const holding = newQueue();
      const retry = workQueueNames(holding).retry;
      await channel.assertQueue(retry, { durable: true, arguments: retryQueueArguments(holding, false) });
      await send(retry, 'waiting retry', { expiration: '60000' });
      await assertWorkQueue(channel, holding, names, { maxLength: 1 });
      expect((await channel.checkQueue(retry)).messageCount).toBe(1);
      expect(await declaredWith(retry, retryQueueArguments(holding, false))).toBe(true);
      expect(warn).toHaveBeenCalledWith(
        expect.stringContaining(`${retry} is a classic queue that still holds retries`),
        { code: 'COMMLAB_RABBITMQ_RETRY_QUEUE_NOT_REPLACED' },
      );
      // The setup's own channel is still open: a refusal happened on a probe channel only.
      await expect(channel.checkQueue(holding)).resolves.toMatchObject({ queue: holding });
    } finally {
      warn.mockRestore();
    }
  }, 30_000);
});
