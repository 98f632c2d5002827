import { parseAllDocuments } from 'yaml';
import { z } from 'zod';

const stringMap = z.record(z.string(), z.string());

/** What every Kubernetes object has; everything else passes through untouched. */
export const k8sObjectSchema = z.looseObject({
  apiVersion: z.string().min(1),
  kind: z.string().min(1),
  metadata: z.looseObject({
    name: z.string().min(1),
    namespace: z.string().optional(),
    labels: stringMap.optional(),
    annotations: stringMap.optional(),
  }),
});
export type K8sObject = z.infer<typeof k8sObjectSchema>;

/** A manifest stream that is not a list of Kubernetes objects. */
export class ManifestParseError extends Error {
  readonly code = 'MANIFEST_INVALID';

  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ManifestParseError';
  }
}

/** Parses `kubectl kustomize` output (YAML documents separated by `---`) into objects. */
export function parseManifests(text: string): K8sObject[] {
  const objects: K8sObject[] = [];
  for (const [index, document] of parseAllDocuments(text).entries()) {
    if (document.errors.length > 0) {
      throw new ManifestParseError(`document ${String(index + 1)}: ${document.errors[0]?.message ?? ''}`);
    }
    const value: unknown = document.toJS();
    if (value === null) continue;
    const parsed = k8sObjectSchema.safeParse(value);
    if (!parsed.success) {
      throw new ManifestParseError(
        `document ${String(index + 1)} is not a Kubernetes object: ${parsed.error.issues[0]?.message ?? ''}`,
        { cause: parsed.error },
      );
    }
    objects.push(parsed.data);
  }
  return objects;
}

/** `Kind/name`, how problems name an object. */
export function objectId(object: K8sObject): string {
  return `${object.kind}/${object.metadata.name}`;
}

export function objectsOfKind(objects: readonly K8sObject[], kind: string): K8sObject[] {
  return objects.filter((object) => object.kind === kind);
}

export function findObject(objects: readonly K8sObject[], kind: string, name: string): K8sObject | undefined {
  return objects.find((object) => object.kind === kind && object.metadata.name === name);
}

/**
 * The name an object had before kustomize's generators added a content hash (`commlab-common-4c52dhhk9m`
 * → `commlab-common`), for ConfigMaps and Secrets; other names are returned as they are.
 */
export function baseName(object: K8sObject): string {
  if (object.kind !== 'ConfigMap' && object.kind !== 'Secret') return object.metadata.name;
  return object.metadata.name.replace(/-[bcdfghkmt2-9]{10}$/, '');
}
