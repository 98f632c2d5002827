"""kafka-python 2.0.2 (Debian python3-kafka) against kafka-lite, driven by python-clients.int-spec.ts.

Usage: /usr/bin/python3 kafka_python_client.py BOOTSTRAP COMMAND JSON-ARGS
Prints one JSON object per line on stdout (the result, or events of a long-running member).
"""
import json
import sys

from kafka import KafkaAdminClient, KafkaConsumer, KafkaProducer, TopicPartition
from kafka.admin import ConfigResource, ConfigResourceType, NewPartitions, NewTopic
from kafka.consumer.subscription_state import ConsumerRebalanceListener
from kafka.errors import KafkaError


def emit(obj):
    print(json.dumps(obj), flush=True)


def produce(bootstrap, args):
    producer = KafkaProducer(bootstrap_servers=bootstrap, acks='all')
    offsets = []
    for i, value in enumerate(args['values']):
        future = producer.send(
            args['topic'],
            key=('k%d' % i).encode(),
            value=value.encode(),
            headers=[('h', b'kafka-python')],
            timestamp_ms=args['timestamp'] + i if 'timestamp' in args else None,
        )
        offsets.append(future.get(timeout=10).offset)
    producer.close()
    emit({'offsets': offsets})


def consume(bootstrap, args):
    """Reads `count` records as group `group` from the committed offset (or earliest) and commits."""
    consumer = KafkaConsumer(
        args['topic'],
        bootstrap_servers=bootstrap,
        group_id=args['group'],
        auto_offset_reset='earliest',
        enable_auto_commit=False,
        consumer_timeout_ms=args.get('timeoutMs', 15000),
        session_timeout_ms=6000,
        heartbeat_interval_ms=500,
    )
    got = []
    for record in consumer:
        got.append({
            'offset': record.offset,
            'key': record.key.decode() if record.key else None,
            'value': record.value.decode(),
            'headers': {k: v.decode() for k, v in record.headers},
            'timestamp': record.timestamp,
        })
        if len(got) >= args['count']:
            break
    consumer.commit()
    consumer.close()
    emit({'records': got})


def member(bootstrap, args):
    """A long-running group member: prints its assignment and every record, commits each one."""
    consumer = KafkaConsumer(
        bootstrap_servers=bootstrap,
        group_id=args['group'],
        auto_offset_reset='earliest',
        enable_auto_commit=False,
        session_timeout_ms=6000,
        heartbeat_interval_ms=200,
        max_poll_interval_ms=10000,
    )

    class PrintAssignment(ConsumerRebalanceListener):
        def on_partitions_revoked(self, revoked):
            pass

        def on_partitions_assigned(self, assigned):
            emit({'assigned': sorted(tp.partition for tp in assigned)})

    listener = PrintAssignment()
    consumer.subscribe([args['topic']], listener=listener)
    while True:
        for tp, records in consumer.poll(timeout_ms=200).items():
            for record in records:
                emit({'partition': tp.partition, 'offset': record.offset, 'value': record.value.decode()})
            consumer.commit()


def offsets_for_times(bootstrap, args):
    consumer = KafkaConsumer(bootstrap_servers=bootstrap)
    found = consumer.offsets_for_times({TopicPartition(args['topic'], 0): t for t in [args['timestamp']]})
    consumer.close()
    answer = found[TopicPartition(args['topic'], 0)]
    emit({'offset': answer.offset if answer else None, 'timestamp': answer.timestamp if answer else None})


def committed(bootstrap, args):
    admin = KafkaAdminClient(bootstrap_servers=bootstrap)
    offsets = admin.list_consumer_group_offsets(args['group'])
    admin.close()
    emit({'%s-%d' % (tp.topic, tp.partition): meta.offset for tp, meta in offsets.items()})


def configs(bootstrap, args):
    """Creates a topic with configs, alters one, adds partitions, describes; reports every step."""
    admin = KafkaAdminClient(bootstrap_servers=bootstrap)
    topic = args['topic']
    out = {}
    admin.create_topics([NewTopic(topic, 1, 1, topic_configs={'retention.ms': '86400000'})])
    try:
        admin.create_topics([NewTopic(topic + '-compact', 1, 1, topic_configs={'cleanup.policy': 'compact'})])
        out['compact'] = 'accepted'
    except KafkaError as err:
        out['compact'] = type(err).__name__
    response = admin.alter_configs([ConfigResource(ConfigResourceType.TOPIC, topic, configs={'retention.bytes': '1048576'})])
    out['alter'] = [error_code for error_code, _msg, _type, _name in response.resources]
    admin.create_partitions({topic: NewPartitions(3)})
    described = admin.describe_configs([ConfigResource(ConfigResourceType.TOPIC, topic)])
    entries = described[0].resources[0][4]
    out['configs'] = {entry[0]: entry[1] for entry in entries}
    broker = admin.describe_configs([ConfigResource(ConfigResourceType.BROKER, '0')])
    out['broker'] = {entry[0]: entry[1] for entry in broker[0].resources[0][4]}
    out['partitions'] = len(admin.describe_topics([topic])[0]['partitions'])
    admin.close()
    emit(out)


COMMANDS = {
    'produce': produce,
    'consume': consume,
    'member': member,
    'offsets-for-times': offsets_for_times,
    'committed': committed,
    'configs': configs,
}

if __name__ == '__main__':
    COMMANDS[sys.argv[2]](sys.argv[1], json.loads(sys.argv[3]))
