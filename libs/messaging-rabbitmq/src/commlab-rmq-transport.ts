import { certainlyNotJson } from '@commlab/messaging';
import { ClientRMQ, type RmqOptions, ServerRMQ } from '@nestjs/microservices';
import type { AmqpConnectionManager } from 'amqp-connection-manager';
import type { Channel, ConfirmChannel, ConsumeMessage, Options } from 'amqplib';

import { reportChannelSetupErrors } from './channel-setup-errors';
import { connectFailure } from './rabbitmq-unreachable-error';
import { assertCommlabTopology } from './topology';
import { hasMalformedXDeath, withoutMalformedXDeath } from './x-death-header';

type RmqTransportOptions = Required<RmqOptions>['options'];

/**
 * TCP_NODELAY on the AMQP socket (amqplib leaves Nagle's algorithm on): without it a small publish can
 * wait for the ACK of the previous segment — up to 40 ms with delayed ACKs — which `pnpm bench` checks
 * for on every socket. A caller's own `connectionOptions` win.
 */
function withNoDelay(options: RmqTransportOptions): RmqTransportOptions {
  const socketOptions = options.socketOptions ?? {};
  const connectionOptions = (socketOptions.connectionOptions ?? {}) as Record<string, unknown>;
  return {
    ...options,
    socketOptions: { ...socketOptions, connectionOptions: { noDelay: true, ...connectionOptions } },
  };
}

/** Extra topology a server or client declares on every (re)connect, after commlab's own. */
export type ChannelSetup = (channel: Channel) => Promise<void>;

/** What a server or client declares on every (re)connect instead of commlab's default topology. */
export interface TopologyOption {
  /**
   * Default `assertCommlabTopology(channel)`. The owner of a bounded queue passes its bound
   * (`(ch) => assertCommlabTopology(ch, { notificationsSend })`); a tool with queues of its own passes
   * only those, so it never declares the stack's queues.
   */
  topology?: ChannelSetup;
}

const commlabTopology: ChannelSetup = (channel) => assertCommlabTopology(channel);

/**
 * NestJS's RabbitMQ server, extended (not forked) for commlab's failure policy:
 * - `noAck: false` always: NestJS's default auto-acks on delivery, so a consumer that crashes mid-job
 *   loses it; here the handler acks after its effect is stored (or retries / dead-letters explicitly);
 * - on every (re)connect the channel first declares the whole commlab topology (exchanges, work queues
 *   with their `.retry` and `.dlq`, subscriber queues and bindings) — queues carry dead-letter arguments
 *   NestJS's own `assertQueue` would not, so its assert is turned off (`noAssert`);
 * - a bounded prefetch (default 20): at most that many unacked jobs per consumer;
 * - TCP_NODELAY on its connection (see withNoDelay);
 * - `connectInBackground`: `listen()` returns at once and the server keeps connecting (NestJS's own
 *   waits for the first connection, which would hold a service's boot while RabbitMQ is down).
 */
export class CommlabRmqServer extends ServerRMQ {
  private readonly extraSetup: ChannelSetup | undefined;
  private readonly topology: ChannelSetup;
  private readonly connectInBackground: boolean;
  private closing = false;

  constructor(
    options: RmqTransportOptions & TopologyOption & { setup?: ChannelSetup; connectInBackground?: boolean },
  ) {
    const { setup, connectInBackground, topology, ...rmq } = options;
    super({ prefetchCount: 20, ...withNoDelay(rmq), noAck: false, noAssert: true });
    this.extraSetup = setup;
    this.topology = topology ?? commlabTopology;
    this.connectInBackground = connectInBackground ?? false;
  }

  override async listen(callback: (...optionalParams: unknown[]) => unknown): Promise<void> {
    if (!this.connectInBackground) return super.listen(callback);
    // Connection failures are logged by ServerRMQ itself, and it keeps reconnecting.
    void super.listen(() => undefined);
    callback();
    return Promise.resolve();
  }

  /**
   * The handler's route for an incoming pattern, as NestJS computes it, without its cost: NestJS
   * JSON-parses every pattern (to find object patterns), so each message with a plain string pattern —
   * all of commlab's — throws and catches a SyntaxError: about 4 µs a message here, and the largest
   * NestJS frame in a CPU profile of `rr.rabbitmq.nest`'s server. A pattern that cannot be JSON skips the
   * parse; the route is the same (docs/benchmarks.md, "Lessons").
   */
  protected override getRouteFromPattern(pattern: string): string {
    return certainlyNotJson(pattern) ? this.normalizePattern(pattern) : super.getRouteFromPattern(pattern);
  }

  override async setupChannel(channel: Channel, callback: () => void): Promise<void> {
    await this.topology(channel);
    await this.extraSetup?.(channel);
    this.observeConsume(channel);
    await super.setupChannel(channel, callback);
  }

  /**
   * NestJS starts its consumer without awaiting `channel.consume()`: when the channel closes before the
   * broker's consume-ok (the server stopped, or the connection dropped, right after setup) or the broker
   * refuses the consumer (no such queue), that promise rejects with nobody listening — an unhandled
   * rejection, fatal in Node by default. Here the channel's `consume` keeps its promise but handles the
   * failure: logged, and amqp-connection-manager sets the channel up again on reconnect.
   */
  private observeConsume(channel: Channel): void {
    const consume = channel.consume.bind(channel);
    channel.consume = (...args: Parameters<Channel['consume']>) => {
      const started = consume(...args);
      started.catch((error: unknown) => {
        if (this.closing) return;
        this.logger.warn(
          `RabbitMQ consumer on ${args[0]} not started, retried on reconnect: ${String(error)}`,
        );
      });
      return started;
    };
  }

  /** A failed channel setup is logged, not a crash (see reportChannelSetupErrors). */
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- ServerRMQ's own signature
  override createClient<T = AmqpConnectionManager>(): T {
    return reportChannelSetupErrors(super.createClient<AmqpConnectionManager>(), (error) => {
      if (this.closing) return;
      this.logger.warn(`RabbitMQ channel setup failed, retried on reconnect: ${String(error)}`);
    }) as T;
  }

  /**
   * A message carrying an `x-death` header the broker did not write goes back to its queue without it
   * (confirmed), and the original is acked — before NestJS can nack it: RabbitMQ's own dead-lettering
   * crashes the queue on a malformed `x-death` and cancels its consumers, which NestJS never restarts
   * (found by `pnpm fuzz`). The clean copy then takes the normal path (its handler, or the dead-letter
   * queue for an unknown pattern). A failed republish leaves the original unacked for redelivery.
   */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- ServerRMQ's own signature (amqplib passes null on a cancel)
  override async handleMessage(message: Record<string, any>, channel: unknown): Promise<void> {
    const delivery = message as ConsumeMessage | null;
    if (delivery === null || !hasMalformedXDeath(delivery.properties.headers)) {
      return super.handleMessage(message, channel);
    }
    const confirmChannel = channel as ConfirmChannel;
    // The same properties, without the malformed x-death; not userId (the broker refuses one that is not
    // this connection's user) nor clusterId (deprecated).
    const properties: Record<string, unknown> = { ...delivery.properties };
    properties.headers = withoutMalformedXDeath(delivery.properties.headers);
    delete properties.userId;
    delete properties.clusterId;
    const options = Object.fromEntries(
      Object.entries(properties).filter(([, value]) => value !== undefined),
    ) as Options.Publish;
    this.logger.warn(`a message on ${this.queue} had a malformed x-death header; requeued without it`);
    await new Promise<void>((resolve, reject) => {
      confirmChannel.sendToQueue(this.queue, delivery.content, options, (error: unknown) => {
        if (error === null || error === undefined) resolve();
        else reject(error instanceof Error ? error : new Error('the broker refused the publish'));
      });
    }).then(
      () => {
        confirmChannel.ack(delivery);
      },
      (error: unknown) => {
        this.logger.error(`could not requeue a message with a malformed x-death: ${String(error)}`);
        confirmChannel.nack(delivery, false, true);
      },
    );
  }

  override async close(): Promise<void> {
    this.closing = true;
    await super.close();
  }
}

/**
 * NestJS's RabbitMQ client, extended to declare the commlab topology on every (re)connect before its
 * first publish (so a queue exists, with its dead-letter arguments, before anything is sent to it).
 * Publishes go through amqp-connection-manager's confirm channel: `emit` resolves when the broker confirmed.
 */
export class CommlabRmqClient extends ClientRMQ {
  private readonly topology: ChannelSetup;
  private closing = false;

  constructor(options: RmqTransportOptions & TopologyOption) {
    const { topology, ...rmq } = options;
    super({ ...withNoDelay(rmq), noAssert: true });
    this.topology = topology ?? commlabTopology;
  }

  override async setupChannel(channel: Channel, resolve: () => void): Promise<void> {
    await this.topology(channel);
    await super.setupChannel(channel, resolve);
  }

  /** A connect that fails rejects with a RabbitMqUnreachableError naming why, not NestJS's `{ err, url }`. */
  override connect(): Promise<unknown> {
    return super.connect().catch((error: unknown) => {
      throw connectFailure(error);
    });
  }

  /** A failed channel setup is logged, not a crash (see reportChannelSetupErrors). */
  override createClient(): AmqpConnectionManager {
    // A client closed and connected again (NestJS allows it) reports its new channels' failures again.
    this.closing = false;
    return reportChannelSetupErrors(super.createClient() as AmqpConnectionManager, (error) => {
      if (this.closing) return;
      this.logger.warn(`RabbitMQ channel setup failed, retried on reconnect: ${String(error)}`);
    });
  }

  override async close(): Promise<void> {
    this.closing = true;
    await super.close();
  }
}
