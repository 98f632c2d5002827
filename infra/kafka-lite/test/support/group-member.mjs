// A consumer-group member run as a child process so a test can SIGKILL it.
// Usage: node group-member.mjs <brokers> <topic> <groupId> <sessionTimeoutMs> <rebalanceTimeoutMs>
import kafkajs from 'kafkajs';

const { Kafka, logLevel } = kafkajs;

const [brokers = '', topic = '', groupId = '', sessionTimeout = '1500', rebalanceTimeout = '3000'] =
  process.argv.slice(2);

async function main() {
  const kafka = new Kafka({
    brokers: brokers.split(','),
    clientId: 'child-member',
    logLevel: logLevel.NOTHING,
  });
  const consumer = kafka.consumer({
    groupId,
    maxWaitTimeInMs: 100,
    heartbeatInterval: 100,
    sessionTimeout: Number(sessionTimeout),
    rebalanceTimeout: Number(rebalanceTimeout),
  });
  consumer.on(consumer.events.GROUP_JOIN, (e) => {
    process.stdout.write(`assigned ${JSON.stringify(e.payload.memberAssignment)}\n`);
  });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({ eachMessage: async () => undefined });
}

main().catch((err) => {
  process.stderr.write(`group-member: ${String(err)}\n`);
  process.exit(1);
});
