import { assertCommlabTopology } from '@commlab/messaging-rabbitmq';
import amqp, { type ChannelModel, type ConfirmChannel } from 'amqplib';

/** A confirm channel on the throwaway vhost with commlab's queues and exchanges declared: how a test sends what order-service's relay sends. */
export async function openCommandChannel(
  rabbitmqUrl: string,
): Promise<{ connection: ChannelModel; channel: ConfirmChannel }> {
  const connection = await amqp.connect(rabbitmqUrl);
  try {
    const channel = await connection.createConfirmChannel();
    await assertCommlabTopology(channel);
    return { connection, channel };
  } catch (error) {
    await connection.close().catch(() => undefined);
    throw error;
  }
}
