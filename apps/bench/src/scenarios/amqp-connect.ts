import amqp from 'amqplib';

/** An amqplib connection with TCP_NODELAY (amqplib leaves it off unless asked). */
export async function connectAmqp(url: string, name: string): Promise<amqp.ChannelModel> {
  const connection = await amqp.connect(url, {
    noDelay: true,
    timeout: 5000,
    clientProperties: { connection_name: `commlab-bench ${name}` },
  });
  connection.on('error', () => undefined); // surfaced through the calls that fail
  return connection;
}
