import { expandKubernetesReferences, resolveEnvironment } from './environment';
import type { K8sObject } from './manifests';

describe('expandKubernetesReferences', () => {
  it('replaces defined $(VAR), keeps undefined ones and shell syntax, and reads $$ as $', () => {
    expect(expandKubernetesReferences('$(A)-$(B)-$$(C)-${D}-$((1 + 2))-$', { A: 'a' })).toBe(
      'a-$(B)-$(C)-${D}-$((1 + 2))-$',
    );
  });
});

describe('resolveEnvironment', () => {
  const objects: K8sObject[] = [
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'common-4c52dhhk9m' },
      data: { A: '1', B: '2' },
    },
    {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'secrets' },
      data: { B: Buffer.from('from-secret').toString('base64') },
    },
  ];

  it('applies envFrom in order, then env; each value knows its source', () => {
    const { entries, problems } = resolveEnvironment(
      objects,
      {
        name: 'c',
        envFrom: [{ configMapRef: { name: 'common-4c52dhhk9m' } }, { secretRef: { name: 'secrets' } }],
        env: [
          { name: 'A', value: 'literal' },
          { name: 'DB', valueFrom: { secretKeyRef: { name: 'operator-app', key: 'uri' } } },
        ],
      },
      new Map([['operator-app', ['uri']]]),
    );
    expect(problems).toEqual([]);
    expect(Object.fromEntries(entries)).toEqual({
      A: { value: 'literal', source: { kind: 'literal' } },
      B: { value: 'from-secret', source: { kind: 'secret', name: 'secrets' } },
      DB: { value: undefined, source: { kind: 'externalSecret', name: 'operator-app', key: 'uri' } },
    });
  });

  it('names references that cannot be resolved', () => {
    const { problems } = resolveEnvironment(
      objects,
      {
        name: 'c',
        envFrom: [{ configMapRef: { name: 'missing' } }, { secretRef: { name: 'outside' } }],
        env: [{ name: 'X', valueFrom: { configMapKeyRef: { name: 'common-4c52dhhk9m', key: 'Z' } } }],
      },
      new Map(),
    );
    expect(problems).toEqual([
      'envFrom ConfigMap missing is not in the render',
      'envFrom Secret outside is not in the render, so its keys are unknown (use env valueFrom.secretKeyRef to name them)',
      'X reads ConfigMap common-4c52dhhk9m key Z, which the render does not hold',
    ]);
  });
});
