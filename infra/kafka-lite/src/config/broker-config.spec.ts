import { resolveOptions } from '../broker-options';
import { ConfigOperation } from '../protocol/apis/alter-configs';
import { applyConfigChanges, BrokerConfig } from './broker-config';
import { checkTopicConfigs, ConfigSource, topicConfigDef } from './config-defs';

const SET = ConfigOperation.SET;

describe('topic configs', () => {
  it('accepts the honoured configs and refuses compaction, unknown names and bad values', () => {
    expect(
      checkTopicConfigs(
        new Map([
          ['retention.ms', '1000'],
          ['cleanup.policy', 'delete'],
        ]),
      ),
    ).toBeUndefined();
    expect(checkTopicConfigs(new Map([['cleanup.policy', 'compact']]))).toMatch(
      /does not implement log compaction/,
    );
    expect(checkTopicConfigs(new Map([['cleanup.policy', 'delete,compact']]))).toMatch(/compaction/);
    expect(checkTopicConfigs(new Map([['segment.bytes', '1024']]))).toMatch(
      /Unknown topic config name: segment.bytes/,
    );
    expect(checkTopicConfigs(new Map([['retention.ms', '-2']]))).toMatch(/Invalid value -2/);
    expect(checkTopicConfigs(new Map([['max.message.bytes', 'lots']]))).toMatch(/Invalid value lots/);
    expect(checkTopicConfigs(new Map([['retention.bytes', null]]))).toMatch(/Null value/);
  });

  it('applies incremental operations and full replacements', () => {
    const current = new Map([['retention.ms', '1000']]);
    const set = (name: string, value: string | null, operation: number = SET) => ({ name, operation, value });
    expect(applyConfigChanges(current, [set('retention.bytes', '10')], true, topicConfigDef)).toEqual(
      new Map([
        ['retention.ms', '1000'],
        ['retention.bytes', '10'],
      ]),
    );
    // AlterConfigs: keys not named go back to their defaults.
    expect(applyConfigChanges(current, [set('retention.bytes', '10')], false, topicConfigDef)).toEqual(
      new Map([['retention.bytes', '10']]),
    );
    expect(
      applyConfigChanges(current, [set('retention.ms', null, ConfigOperation.DELETE)], true, topicConfigDef),
    ).toEqual(new Map());
    expect(
      applyConfigChanges(
        current,
        [set('cleanup.policy', 'compact', ConfigOperation.APPEND)],
        true,
        topicConfigDef,
      ),
    ).toEqual(
      new Map([
        ['retention.ms', '1000'],
        ['cleanup.policy', 'delete,compact'],
      ]),
    );
    expect(
      applyConfigChanges(current, [set('retention.ms', '1', ConfigOperation.APPEND)], true, topicConfigDef),
    ).toMatch(/append\/subtract is not allowed/);
    expect(
      applyConfigChanges(current, [set('retention.ms', '1'), set('retention.ms', '2')], true, topicConfigDef),
    ).toMatch(/Duplicate config key/);
  });
});

describe('BrokerConfig', () => {
  it('describes topic values with their source and synonyms, and topics inherit the broker', () => {
    const config = new BrokerConfig(resolveOptions({ retentionMs: 60_000 }));
    const topic = new Map([['max.message.bytes', '5000']]);
    const described = config.describeTopic(topic, null, true);
    expect(described.find((c) => c.name === 'max.message.bytes')).toMatchObject({
      value: '5000',
      source: ConfigSource.DYNAMIC_TOPIC_CONFIG,
      synonyms: [
        { name: 'max.message.bytes', value: '5000', source: ConfigSource.DYNAMIC_TOPIC_CONFIG },
        { name: 'message.max.bytes', value: '1048588', source: ConfigSource.DEFAULT_CONFIG },
      ],
    });
    expect(described.find((c) => c.name === 'retention.ms')).toMatchObject({
      value: '60000',
      source: ConfigSource.STATIC_BROKER_CONFIG,
    });
    expect(config.topicSettings(topic)).toEqual({
      retentionMs: 60_000,
      retentionBytes: -1,
      maxMessageBytes: 5000,
    });
  });

  it('changes the dynamic broker configs and refuses the read-only ones', () => {
    const config = new BrokerConfig(resolveOptions({}));
    expect(
      config.alterBroker([{ name: 'log.retention.ms', operation: SET, value: '500' }], true, false, false),
    ).toBeUndefined();
    expect(config.topicSettings(new Map()).retentionMs).toBe(500);
    expect(config.describeBroker(['log.retention.ms'], false)).toEqual([
      {
        name: 'log.retention.ms',
        value: '500',
        readOnly: false,
        source: ConfigSource.DYNAMIC_BROKER_CONFIG,
        synonyms: [],
      },
    ]);
    expect(
      config.alterBroker([{ name: 'num.partitions', operation: SET, value: '3' }], true, false, false),
    ).toMatch(/Cannot update these configs dynamically: num.partitions/);
    expect(
      config.alterBroker(
        [{ name: 'log.cleanup.policy', operation: SET, value: 'compact' }],
        true,
        false,
        false,
      ),
    ).toMatch(/compaction/);
    expect(config.describeBroker(['num.partitions', 'group.initial.rebalance.delay.ms'], false)).toEqual([
      expect.objectContaining({ name: 'num.partitions', value: '1', readOnly: true }),
      expect.objectContaining({
        name: 'group.initial.rebalance.delay.ms',
        value: '3000',
        source: ConfigSource.DEFAULT_CONFIG,
      }),
    ]);
  });
});
