import type { AmqpConnectionManager, ChannelWrapper, CreateChannelOpts } from 'amqp-connection-manager';

/**
 * NestJS never listens for the `error` event of the channels its RabbitMQ server and client create: a
 * setup that fails (the connection dropped, or the broker closed the channel, while the topology was
 * being declared) is then an unhandled 'error' event — a crashed process. This makes every channel the
 * manager creates report such a failure to `onError` instead; amqp-connection-manager runs the setup
 * again on the next reconnect.
 */
export function reportChannelSetupErrors<T extends AmqpConnectionManager>(
  manager: T,
  onError: (error: unknown) => void,
): T {
  const createChannel = manager.createChannel.bind(manager);
  manager.createChannel = (options?: CreateChannelOpts): ChannelWrapper => {
    const wrapper = createChannel(options);
    wrapper.on('error', onError);
    return wrapper;
  };
  return manager;
}
