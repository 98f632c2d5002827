import { baseName, type K8sObject } from './manifests';
import type { Container } from './workloads';

/** Where a variable's value comes from in a container. */
export type EnvSource =
  | { kind: 'literal' }
  | { kind: 'configMap'; name: string }
  | { kind: 'secret'; name: string }
  /** A Secret that is not in the render (operator-generated or created in the cluster): value unknown. */
  | { kind: 'externalSecret'; name: string; key: string };

export interface EnvEntry {
  /** The value, when the render holds it (literals, ConfigMaps, rendered Secrets). */
  value: string | undefined;
  source: EnvSource;
}

/** A Secret the render refers to but does not hold, with the keys it is known to have. */
export type KnownExternalSecrets = ReadonlyMap<string, readonly string[]>;

function dataOf(object: K8sObject): Record<string, string> {
  const data: Record<string, string> = {};
  const raw = (object as { data?: Record<string, unknown> }).data ?? {};
  for (const [key, value] of Object.entries(raw)) {
    if (typeof value !== 'string') continue;
    data[key] = object.kind === 'Secret' ? Buffer.from(value, 'base64').toString('utf8') : value;
  }
  const stringData = (object as { stringData?: Record<string, unknown> }).stringData ?? {};
  for (const [key, value] of Object.entries(stringData)) {
    if (typeof value === 'string') data[key] = value;
  }
  return data;
}

/** A rendered ConfigMap's or Secret's data, decoded (Secrets' base64 included), by its rendered name. */
export function sourceData(objects: readonly K8sObject[], kind: 'ConfigMap' | 'Secret', name: string) {
  const object = objects.find((candidate) => candidate.kind === kind && candidate.metadata.name === name);
  return object === undefined ? undefined : { data: dataOf(object), baseName: baseName(object) };
}

/**
 * A container's environment as Kubernetes builds it: envFrom sources in order, then `env` (later entries
 * win), with each value's source. References that cannot be resolved are reported in `problems`.
 */
export function resolveEnvironment(
  objects: readonly K8sObject[],
  container: Container,
  externalSecrets: KnownExternalSecrets,
): { entries: Map<string, EnvEntry>; problems: string[] } {
  const entries = new Map<string, EnvEntry>();
  const problems: string[] = [];
  for (const from of container.envFrom ?? []) {
    const prefix = from.prefix ?? '';
    if (from.configMapRef !== undefined) {
      const source = sourceData(objects, 'ConfigMap', from.configMapRef.name);
      if (source === undefined) {
        if (from.configMapRef.optional !== true)
          problems.push(`envFrom ConfigMap ${from.configMapRef.name} is not in the render`);
        continue;
      }
      for (const [key, value] of Object.entries(source.data)) {
        entries.set(prefix + key, { value, source: { kind: 'configMap', name: source.baseName } });
      }
    }
    if (from.secretRef !== undefined) {
      const source = sourceData(objects, 'Secret', from.secretRef.name);
      if (source === undefined) {
        problems.push(
          `envFrom Secret ${from.secretRef.name} is not in the render, so its keys are unknown (use env valueFrom.secretKeyRef to name them)`,
        );
        continue;
      }
      for (const [key, value] of Object.entries(source.data)) {
        entries.set(prefix + key, { value, source: { kind: 'secret', name: source.baseName } });
      }
    }
  }
  for (const variable of container.env ?? []) {
    const configMapRef = variable.valueFrom?.configMapKeyRef;
    const secretRef = variable.valueFrom?.secretKeyRef;
    if (configMapRef !== undefined) {
      const source = sourceData(objects, 'ConfigMap', configMapRef.name);
      const value = source?.data[configMapRef.key];
      if (value === undefined) {
        problems.push(
          `${variable.name} reads ConfigMap ${configMapRef.name} key ${configMapRef.key}, which the render does not hold`,
        );
        continue;
      }
      entries.set(variable.name, {
        value,
        source: { kind: 'configMap', name: source?.baseName ?? configMapRef.name },
      });
    } else if (secretRef !== undefined) {
      const source = sourceData(objects, 'Secret', secretRef.name);
      if (source !== undefined) {
        const value = source.data[secretRef.key];
        if (value === undefined)
          problems.push(
            `${variable.name} reads Secret ${secretRef.name} key ${secretRef.key}, which it does not have`,
          );
        else entries.set(variable.name, { value, source: { kind: 'secret', name: source.baseName } });
        continue;
      }
      const keys = externalSecrets.get(secretRef.name);
      if (keys === undefined) {
        problems.push(
          `${variable.name} reads Secret ${secretRef.name}, which is neither rendered, operator-generated nor documented`,
        );
      } else if (!keys.includes(secretRef.key)) {
        problems.push(
          `${variable.name} reads key ${secretRef.key} of Secret ${secretRef.name}, which has only ${keys.join(', ')}`,
        );
      } else {
        entries.set(variable.name, {
          value: undefined,
          source: { kind: 'externalSecret', name: secretRef.name, key: secretRef.key },
        });
      }
    } else {
      entries.set(variable.name, { value: variable.value ?? '', source: { kind: 'literal' } });
    }
  }
  return { entries, problems };
}

/**
 * Kubernetes' expansion of `$(VAR)` in command, args and env values: a defined variable is replaced,
 * `$$` is a literal `$`, anything else stays as written.
 */
export function expandKubernetesReferences(
  text: string,
  variables: Readonly<Record<string, string>>,
): string {
  let result = '';
  for (let index = 0; index < text.length; index++) {
    const char = text.charAt(index);
    const next = text[index + 1];
    if (char !== '$' || next === undefined) {
      result += char;
      continue;
    }
    if (next === '$') {
      result += '$';
      index++;
      continue;
    }
    if (next === '(') {
      const end = text.indexOf(')', index + 2);
      const name = end === -1 ? undefined : text.slice(index + 2, end);
      const value = name === undefined ? undefined : variables[name];
      if (value !== undefined) {
        result += value;
        index = end;
        continue;
      }
    }
    result += char;
  }
  return result;
}
