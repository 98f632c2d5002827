import { baseName, type K8sObject } from '../src';

/** A path into a JSON-like object: property names and array indexes. */
export type Path = readonly (string | number)[];

function container(value: unknown, path: Path): Record<string | number, unknown> {
  let current: unknown = value;
  for (const key of path) {
    if (typeof current !== 'object' || current === null) throw new Error(`no ${path.join('.')}`);
    const next = (current as Record<string | number, unknown>)[key];
    if (next === undefined)
      (current as Record<string | number, unknown>)[key] = typeof key === 'number' ? [] : {};
    current = (current as Record<string | number, unknown>)[key];
  }
  if (typeof current !== 'object' || current === null) throw new Error(`${path.join('.')} is not an object`);
  return current as Record<string | number, unknown>;
}

/** Sets (or, with `undefined`, deletes) the value at `path`, creating objects on the way. */
export function setAt(object: unknown, path: Path, value: unknown): void {
  const parent = container(object, path.slice(0, -1));
  const key = path.at(-1);
  if (key === undefined) throw new Error('empty path');
  if (value === undefined) {
    if (Array.isArray(parent) && typeof key === 'number') parent.splice(key, 1);
    else Reflect.deleteProperty(parent, key);
  } else parent[key] = value;
}

/** Appends to the array at `path` (created when missing). */
export function pushAt(object: unknown, path: Path, value: unknown): void {
  const parent = container(object, path.slice(0, -1));
  const key = path.at(-1);
  if (key === undefined) throw new Error('empty path');
  const list = parent[key] ?? [];
  if (!Array.isArray(list)) throw new Error(`${path.join('.')} is not a list`);
  list.push(value);
  parent[key] = list;
}

/** The object of a kind with that name (ConfigMaps and Secrets: the name before kustomize's hash). */
export function find(objects: K8sObject[], kind: string, name: string): K8sObject {
  const found = objects.find((object) => object.kind === kind && baseName(object) === name);
  if (found === undefined) throw new Error(`the render has no ${kind}/${name}`);
  return found;
}

/** Removes the object of a kind with that name. */
export function remove(objects: K8sObject[], kind: string, name: string): void {
  objects.splice(objects.indexOf(find(objects, kind, name)), 1);
}

/** Path of the first container of a workload's pod template. */
export const CONTAINER: Path = ['spec', 'template', 'spec', 'containers', 0];
export const POD: Path = ['spec', 'template', 'spec'];

/** Path of the first container's env entry with that name. */
export function envPath(object: K8sObject, name: string): Path {
  const env = (object as { spec?: { template?: { spec?: { containers?: { env?: { name: string }[] }[] } } } })
    .spec?.template?.spec?.containers?.[0]?.env;
  const index = env?.findIndex((variable) => variable.name === name) ?? -1;
  if (index < 0) throw new Error(`${object.kind}/${object.metadata.name} has no env ${name}`);
  return [...CONTAINER, 'env', index];
}
