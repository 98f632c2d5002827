import type { BrokerSettings } from '../broker-options';
import { DEFAULTS } from '../broker-options';
import type { DescribedConfig } from '../protocol/apis/describe-configs';
import { ConfigOperation } from '../protocol/apis/alter-configs';
import {
  brokerConfigDef,
  checkConfigValue,
  ConfigSource,
  TOPIC_CONFIGS,
  type TopicConfigDef,
} from './config-defs';

/** A topic's effective limits: its own configs over the broker's. */
export interface TopicSettings {
  retentionMs: number;
  retentionBytes: number;
  maxMessageBytes: number;
}

export interface ConfigChange {
  name: string;
  operation: number;
  value: string | null;
}

/** kafka-lite's own defaults for the broker configs that topics inherit. */
const LITE_DEFAULTS: Record<string, string> = {
  'log.retention.ms': '-1',
  'log.retention.bytes': '-1',
  'message.max.bytes': String(DEFAULTS.messageMaxBytes),
  'log.cleanup.policy': 'delete',
};

/**
 * Applies AlterConfigs (every entry SET; keys not named go back to their default) or
 * IncrementalAlterConfigs operations to a config set. Returns the new set or an error text.
 */
export function applyConfigChanges(
  current: ReadonlyMap<string, string>,
  changes: readonly ConfigChange[],
  incremental: boolean,
  defOf: (name: string) => TopicConfigDef | undefined,
): Map<string, string> | string {
  const names = new Set<string>();
  const next = new Map(incremental ? current : []);
  for (const c of changes) {
    if (names.has(c.name)) return `Duplicate config key: ${c.name}`;
    names.add(c.name);
    const def = defOf(c.name);
    if (c.operation === ConfigOperation.DELETE) {
      next.delete(c.name);
      continue;
    }
    if (c.value === null) return `Null value not supported for config: ${c.name}`;
    if (c.operation === ConfigOperation.SET) {
      next.set(c.name, c.value);
      continue;
    }
    if (c.operation !== ConfigOperation.APPEND && c.operation !== ConfigOperation.SUBTRACT) {
      return `Unknown config operation ${c.operation} for ${c.name}`;
    }
    if (def?.kind !== 'policy')
      return `Config value append/subtract is not allowed for config key: ${c.name}`;
    const items = (next.get(c.name) ?? 'delete').split(',').filter((x) => x !== '');
    const given = c.value.split(',').map((x) => x.trim());
    const merged =
      c.operation === ConfigOperation.APPEND
        ? [...items, ...given.filter((g) => !items.includes(g))]
        : items.filter((x) => !given.includes(x));
    next.set(c.name, merged.join(','));
  }
  return next;
}

/**
 * Broker configs: the ones topics inherit (log.retention.ms, log.retention.bytes, message.max.bytes,
 * log.cleanup.policy) can be changed at runtime with AlterConfigs; the rest are shown read-only. Runtime
 * changes last until the broker stops.
 */
export class BrokerConfig {
  private readonly staticValues = new Map<string, string>();
  private readonly dynamicValues = new Map<string, string>();
  private dynamicSource: number = ConfigSource.DYNAMIC_BROKER_CONFIG;
  private readonly readOnly: [name: string, value: string, kafkaDefault: string][];

  constructor(settings: BrokerSettings) {
    this.staticValues.set('log.retention.ms', String(settings.retentionMs));
    this.staticValues.set('log.retention.bytes', String(settings.retentionBytes));
    this.staticValues.set('message.max.bytes', String(settings.messageMaxBytes));
    this.staticValues.set('log.cleanup.policy', 'delete');
    this.readOnly = [
      ['broker.id', '0', '0'],
      ['num.partitions', String(settings.defaultPartitions), '1'],
      ['auto.create.topics.enable', String(settings.autoCreateTopics), 'true'],
      ['socket.request.max.bytes', String(settings.maxFrameBytes), String(DEFAULTS.maxFrameBytes)],
      ['queued.max.request.bytes', String(settings.maxBufferedBytes), '-1'],
      [
        'connections.max.idle.ms',
        String(settings.connectionsMaxIdleMs),
        String(DEFAULTS.connectionsMaxIdleMs),
      ],
      [
        'group.initial.rebalance.delay.ms',
        String(settings.groupInitialRebalanceDelayMs),
        String(DEFAULTS.groupInitialRebalanceDelayMs),
      ],
      [
        'group.min.session.timeout.ms',
        String(settings.groupMinSessionTimeoutMs),
        String(DEFAULTS.groupMinSessionTimeoutMs),
      ],
      [
        'group.max.session.timeout.ms',
        String(settings.groupMaxSessionTimeoutMs),
        String(DEFAULTS.groupMaxSessionTimeoutMs),
      ],
    ];
  }

  private value(brokerName: string): string {
    return this.dynamicValues.get(brokerName) ?? this.staticValues.get(brokerName) ?? '';
  }

  private source(brokerName: string): number {
    if (this.dynamicValues.has(brokerName)) return this.dynamicSource;
    return this.staticValues.get(brokerName) === LITE_DEFAULTS[brokerName]
      ? ConfigSource.DEFAULT_CONFIG
      : ConfigSource.STATIC_BROKER_CONFIG;
  }

  /** The effective limits of a topic with these topic-level configs. */
  topicSettings(topicConfigs: ReadonlyMap<string, string>): TopicSettings {
    const get = (name: string, brokerName: string): number =>
      Number(topicConfigs.get(name) ?? this.value(brokerName));
    return {
      retentionMs: get('retention.ms', 'log.retention.ms'),
      retentionBytes: get('retention.bytes', 'log.retention.bytes'),
      maxMessageBytes: get('max.message.bytes', 'message.max.bytes'),
    };
  }

  describeTopic(
    topicConfigs: ReadonlyMap<string, string>,
    keys: string[] | null,
    synonyms: boolean,
  ): DescribedConfig[] {
    return TOPIC_CONFIGS.filter((d) => keys === null || keys.includes(d.name)).map((d) => {
      const brokerSynonym = {
        name: d.brokerName,
        value: this.value(d.brokerName),
        source: this.source(d.brokerName),
      };
      const own = topicConfigs.get(d.name);
      const chain =
        own === undefined
          ? [brokerSynonym]
          : [{ name: d.name, value: own, source: ConfigSource.DYNAMIC_TOPIC_CONFIG }, brokerSynonym];
      const first = chain[0] ?? brokerSynonym;
      return {
        name: d.name,
        value: first.value,
        readOnly: false,
        source: first.source,
        synonyms: synonyms ? chain : [],
      };
    });
  }

  describeBroker(keys: string[] | null, synonyms: boolean): DescribedConfig[] {
    const dynamic = TOPIC_CONFIGS.map((d): DescribedConfig => {
      const source = this.source(d.brokerName);
      const value = this.value(d.brokerName);
      return {
        name: d.brokerName,
        value,
        readOnly: false,
        source,
        synonyms: synonyms ? [{ name: d.brokerName, value, source }] : [],
      };
    });
    const fixed = this.readOnly.map(([name, value, kafkaDefault]): DescribedConfig => {
      const source = value === kafkaDefault ? ConfigSource.DEFAULT_CONFIG : ConfigSource.STATIC_BROKER_CONFIG;
      return { name, value, readOnly: true, source, synonyms: synonyms ? [{ name, value, source }] : [] };
    });
    return [...dynamic, ...fixed].filter((c) => keys === null || keys.includes(c.name));
  }

  /**
   * AlterConfigs / IncrementalAlterConfigs for the broker (resource name "0", or "" for the cluster
   * default: the same on one node). Returns an error text, or undefined once applied.
   */
  alterBroker(
    changes: readonly ConfigChange[],
    incremental: boolean,
    validateOnly: boolean,
    clusterDefault: boolean,
  ): string | undefined {
    const readOnly = changes.filter((c) => brokerConfigDef(c.name) === undefined).map((c) => c.name);
    if (readOnly.length > 0) {
      const known = new Set(this.readOnly.map(([n]) => n));
      const unknown = readOnly.filter((n) => !known.has(n));
      if (unknown.length > 0) return `Unknown broker config(s): ${unknown.join(', ')}`;
      return `Cannot update these configs dynamically: ${readOnly.join(', ')}`;
    }
    const next = applyConfigChanges(this.dynamicValues, changes, incremental, brokerConfigDef);
    if (typeof next === 'string') return next;
    for (const [name, value] of next) {
      const def = brokerConfigDef(name);
      const problem = def && checkConfigValue(def, name, value);
      if (problem !== undefined) return problem;
    }
    if (validateOnly) return undefined;
    this.dynamicValues.clear();
    for (const [name, value] of next) this.dynamicValues.set(name, value.trim());
    this.dynamicSource = clusterDefault
      ? ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG
      : ConfigSource.DYNAMIC_BROKER_CONFIG;
    return undefined;
  }
}
