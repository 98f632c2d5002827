import {
  assertCommlabTopology,
  type ChannelSetup,
  QueueArgumentsMismatchError,
} from '@commlab/messaging-rabbitmq';
import amqp from 'amqplib';

import type { NotificationConfig } from '../config/notification.config';

/**
 * commlab's topology as notification-service declares it: as the owner of `notifications.send`, with
 * its bound (NOTIFICATION_QUEUE_MAX_LENGTH, `x-overflow: reject-publish`). Every other process leaves
 * that queue's arguments alone (see assertCommlabTopology).
 */
export function notificationTopology(config: NotificationConfig): ChannelSetup {
  const notificationsSend = { maxLength: config.NOTIFICATION_QUEUE_MAX_LENGTH };
  return (channel) => assertCommlabTopology(channel, { notificationsSend });
}

/**
 * At boot, before the consumers: declares the topology once, so a `notifications.send` that exists with
 * other arguments stops the service with what to do (QueueArgumentsMismatchError) instead of consumers
 * that retry their setup forever. A broker that cannot be reached is left to the consumers, which keep
 * connecting.
 */
export async function assertNotificationTopologyAtBoot(config: NotificationConfig): Promise<void> {
  let connection: amqp.ChannelModel;
  try {
    connection = await amqp.connect(config.RABBITMQ_URL);
  } catch {
    return;
  }
  try {
    connection.on('error', () => undefined);
    const channel = await connection.createChannel();
    channel.on('error', () => undefined);
    await notificationTopology(config)(channel);
  } catch (error) {
    if (error instanceof QueueArgumentsMismatchError) throw error;
  } finally {
    await connection.close().catch(() => undefined);
  }
}
