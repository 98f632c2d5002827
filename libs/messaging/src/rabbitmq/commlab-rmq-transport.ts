import { ClientRMQ, type RmqOptions, ServerRMQ } from '@nestjs/microservices';
import type { Channel } from 'amqplib';

import { assertCommlabTopology } from './topology';

type RmqTransportOptions = Required<RmqOptions>['options'];

/** Extra topology a server or client declares on every (re)connect, after commlab's own. */
export type ChannelSetup = (channel: Channel) => Promise<void>;

/**
 * NestJS's RabbitMQ server, extended (not forked) for commlab's failure policy:
 * - `noAck: false` always: NestJS's default auto-acks on delivery, so a consumer that crashes mid-job
 *   loses it; here the handler acks after its effect is stored (or retries / dead-letters explicitly);
 * - on every (re)connect the channel first declares the whole commlab topology (exchanges, work queues
 *   with their `.retry` and `.dlq`, subscriber queues and bindings) — queues carry dead-letter arguments
 *   NestJS's own `assertQueue` would not, so its assert is turned off (`noAssert`);
 * - a bounded prefetch (default 20): at most that many unacked jobs per consumer.
 */
export class CommlabRmqServer extends ServerRMQ {
  private readonly extraSetup: ChannelSetup | undefined;

  constructor(options: RmqTransportOptions & { setup?: ChannelSetup }) {
    const { setup, ...rmq } = options;
    super({ prefetchCount: 20, ...rmq, noAck: false, noAssert: true });
    this.extraSetup = setup;
  }

  override async setupChannel(channel: Channel, callback: () => void): Promise<void> {
    await assertCommlabTopology(channel);
    await this.extraSetup?.(channel);
    await super.setupChannel(channel, callback);
  }
}

/**
 * NestJS's RabbitMQ client, extended to declare the commlab topology on every (re)connect before its
 * first publish (so a queue exists, with its dead-letter arguments, before anything is sent to it).
 * Publishes go through amqp-connection-manager's confirm channel: `emit` resolves when the broker confirmed.
 */
export class CommlabRmqClient extends ClientRMQ {
  constructor(options: RmqTransportOptions) {
    super({ ...options, noAssert: true });
  }

  override async setupChannel(channel: Channel, resolve: () => void): Promise<void> {
    await assertCommlabTopology(channel);
    await super.setupChannel(channel, resolve);
  }
}
