/** Where a described config value comes from (Kafka's ConfigSource). */
export const ConfigSource = {
  DYNAMIC_TOPIC_CONFIG: 1,
  DYNAMIC_BROKER_CONFIG: 2,
  DYNAMIC_DEFAULT_BROKER_CONFIG: 3,
  STATIC_BROKER_CONFIG: 4,
  DEFAULT_CONFIG: 5,
} as const;

/** A topic config kafka-lite honours, and the broker config that gives its default. */
export interface TopicConfigDef {
  name: string;
  brokerName: string;
  kind: 'long' | 'int' | 'policy';
  min: number;
}

/**
 * The topic configs kafka-lite honours. Every other topic config is refused with INVALID_CONFIG
 * rather than accepted and ignored.
 */
export const TOPIC_CONFIGS: readonly TopicConfigDef[] = [
  { name: 'retention.ms', brokerName: 'log.retention.ms', kind: 'long', min: -1 },
  { name: 'retention.bytes', brokerName: 'log.retention.bytes', kind: 'long', min: -1 },
  { name: 'max.message.bytes', brokerName: 'message.max.bytes', kind: 'int', min: 0 },
  { name: 'cleanup.policy', brokerName: 'log.cleanup.policy', kind: 'policy', min: 0 },
];

const INT_MAX = 2_147_483_647;

export function topicConfigDef(name: string): TopicConfigDef | undefined {
  return TOPIC_CONFIGS.find((d) => d.name === name);
}

export function brokerConfigDef(brokerName: string): TopicConfigDef | undefined {
  return TOPIC_CONFIGS.find((d) => d.brokerName === brokerName);
}

/** Checks one value; returns Kafka-like error text, or undefined when the value is fine. */
export function checkConfigValue(
  def: TopicConfigDef,
  name: string,
  value: string | null,
): string | undefined {
  if (value === null) return `Null value not supported for config: ${name}`;
  if (def.kind === 'policy') {
    const policies = value.split(',').map((p) => p.trim());
    if (policies.includes('compact')) {
      return `Invalid value ${value} for configuration ${name}: kafka-lite does not implement log compaction (only delete)`;
    }
    if (policies.length !== 1 || policies[0] !== 'delete') {
      return `Invalid value ${value} for configuration ${name}: String must be one of: delete`;
    }
    return undefined;
  }
  const max = def.kind === 'int' ? INT_MAX : Number.MAX_SAFE_INTEGER;
  const n = /^-?\d+$/.test(value.trim()) ? Number(value.trim()) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < def.min || n > max) {
    return `Invalid value ${value} for configuration ${name}: Value must be a ${def.kind === 'int' ? 'int' : 'long'} of at least ${def.min}`;
  }
  return undefined;
}

/** Checks a topic's complete config set; returns the error text or undefined. */
export function checkTopicConfigs(configs: ReadonlyMap<string, string | null>): string | undefined {
  for (const [name, value] of configs) {
    const def = topicConfigDef(name);
    if (def === undefined) {
      return `Unknown topic config name: ${name} (kafka-lite supports ${TOPIC_CONFIGS.map((d) => d.name).join(', ')})`;
    }
    const problem = checkConfigValue(def, name, value);
    if (problem !== undefined) return problem;
  }
  return undefined;
}
