"""confluent-kafka 1.7.0 on librdkafka 2.0.2 (Debian python3-confluent-kafka) against kafka-lite, driven by
python-clients.int-spec.ts.

Usage: /usr/bin/python3 confluent_client.py BOOTSTRAP COMMAND JSON-ARGS
Prints one JSON object per line on stdout (the result, or events of a long-running member).
"""
import json
import sys

from confluent_kafka import Consumer, KafkaError, KafkaException, Producer, TopicPartition
from confluent_kafka.admin import AdminClient, ConfigResource, NewPartitions, NewTopic


def emit(obj):
    print(json.dumps(obj), flush=True)


def produce(bootstrap, args):
    """Produces args['values'] (idempotently when args['idempotent']); reports offsets and errors."""
    config = {'bootstrap.servers': bootstrap, 'acks': 'all', 'linger.ms': 5}
    if args.get('idempotent'):
        config['enable.idempotence'] = True
    producer = Producer(config)
    results = []

    def delivered(err, msg):
        results.append({'error': err.name() if err else None, 'offset': msg.offset()})

    for i, value in enumerate(args['values']):
        kwargs = {'key': 'k%d' % i, 'value': value, 'headers': [('h', b'confluent')], 'on_delivery': delivered}
        if 'timestamp' in args:
            kwargs['timestamp'] = args['timestamp'] + i
        producer.produce(args['topic'], **kwargs)
    producer.flush(15)
    emit({'results': results})


def new_consumer(bootstrap, group, extra=None):
    config = {
        'bootstrap.servers': bootstrap,
        'group.id': group,
        'auto.offset.reset': 'earliest',
        'enable.auto.commit': False,
        'session.timeout.ms': 6000,
        'heartbeat.interval.ms': 200,
    }
    config.update(extra or {})
    return Consumer(config)


def consume(bootstrap, args):
    """Reads `count` records as group `group` from the committed offset (or earliest) and commits."""
    consumer = new_consumer(bootstrap, args['group'])
    consumer.subscribe([args['topic']])
    got = []
    for _ in range(300):
        msg = consumer.poll(0.1)
        if msg is None or msg.error():
            continue
        got.append({
            'offset': msg.offset(),
            'key': msg.key().decode() if msg.key() else None,
            'value': msg.value().decode(),
            'headers': {k: v.decode() for k, v in (msg.headers() or [])},
            'timestamp': msg.timestamp()[1],
        })
        if len(got) >= args['count']:
            break
    consumer.commit(asynchronous=False)
    consumer.close()
    emit({'records': got})


def member(bootstrap, args):
    """A long-running group member: prints its assignment and every record, commits each one."""
    consumer = new_consumer(bootstrap, args['group'])

    def on_assign(c, partitions):
        emit({'assigned': sorted(p.partition for p in partitions)})

    consumer.subscribe([args['topic']], on_assign=on_assign)
    while True:
        msg = consumer.poll(0.2)
        if msg is None or msg.error():
            continue
        emit({'partition': msg.partition(), 'offset': msg.offset(), 'value': msg.value().decode()})
        consumer.commit(message=msg, asynchronous=False)


def offsets_for_times(bootstrap, args):
    consumer = new_consumer(bootstrap, 'offsets-for-times')
    [answer] = consumer.offsets_for_times([TopicPartition(args['topic'], 0, args['timestamp'])], timeout=10)
    consumer.close()
    emit({'offset': answer.offset, 'error': answer.error.name() if answer.error else None})


def configs(bootstrap, args):
    """Creates a topic with configs, alters one, adds partitions, describes; reports every step."""
    admin = AdminClient({'bootstrap.servers': bootstrap})
    topic = args['topic']
    out = {}
    admin.create_topics([NewTopic(topic, 1, 1, config={'retention.ms': '86400000'})])[topic].result(10)
    try:
        admin.create_topics([NewTopic(topic + '-compact', 1, 1, config={'cleanup.policy': 'compact'})])[
            topic + '-compact'].result(10)
        out['compact'] = 'accepted'
    except KafkaException as err:
        out['compact'] = err.args[0].name()
    resource = ConfigResource('topic', topic, set_config={'retention.bytes': '1048576'})
    for future in admin.alter_configs([resource]).values():
        future.result(10)
    admin.create_partitions([NewPartitions(topic, 3)])[topic].result(10)
    described = admin.describe_configs([ConfigResource('topic', topic)])
    entries = list(described.values())[0].result(10)
    out['configs'] = {name: entry.value for name, entry in entries.items()}
    out['sources'] = {name: entry.source for name, entry in entries.items()}
    broker = list(admin.describe_configs([ConfigResource('broker', '0')]).values())[0].result(10)
    out['broker'] = {name: entry.value for name, entry in broker.items()}
    out['partitions'] = len(admin.list_topics(topic, timeout=10).topics[topic].partitions)
    emit(out)


def transactions(bootstrap, args):
    producer = Producer({'bootstrap.servers': bootstrap, 'transactional.id': args['transactionalId']})
    try:
        producer.init_transactions(10)
        emit({'error': None})
    except KafkaException as err:
        error = err.args[0]
        emit({'error': error.name(), 'fatal': error.fatal()})


COMMANDS = {
    'produce': produce,
    'consume': consume,
    'member': member,
    'offsets-for-times': offsets_for_times,
    'configs': configs,
    'transactions': transactions,
}

if __name__ == '__main__':
    COMMANDS[sys.argv[2]](sys.argv[1], json.loads(sys.argv[3]))
