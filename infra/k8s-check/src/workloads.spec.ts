import { baseName, parseManifests } from './manifests';
import { imagePinProblem, parseQuantity } from './rules/workload-rules';
import { selects } from './workloads';

describe('selects', () => {
  const labels = { app: 'order', tier: 'service' };

  it('matchLabels and every matchExpressions operator', () => {
    expect(selects({}, labels)).toBe(true);
    expect(selects({ matchLabels: { app: 'order' } }, labels)).toBe(true);
    expect(selects({ matchLabels: { app: 'auth' } }, labels)).toBe(false);
    expect(
      selects({ matchExpressions: [{ key: 'tier', operator: 'In', values: ['service', 'web'] }] }, labels),
    ).toBe(true);
    expect(
      selects({ matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['service'] }] }, labels),
    ).toBe(false);
    expect(selects({ matchExpressions: [{ key: 'zone', operator: 'Exists' }] }, labels)).toBe(false);
    expect(selects({ matchExpressions: [{ key: 'zone', operator: 'DoesNotExist' }] }, labels)).toBe(true);
  });
});

describe('quantities and images', () => {
  it('parses CPU and memory quantities', () => {
    expect(parseQuantity('100m')).toBeCloseTo(0.1);
    expect(parseQuantity('1')).toBe(1);
    expect(parseQuantity('192Mi')).toBe(192 * 2 ** 20);
    expect(parseQuantity('1G')).toBe(1e9);
    expect(parseQuantity('lots')).toBeUndefined();
  });

  it('accepts versions and digests, refuses missing tags and latest', () => {
    expect(imagePinProblem('redis:7.4-bookworm')).toBeUndefined();
    expect(imagePinProblem(`ghcr.io/x/y@sha256:${'a'.repeat(64)}`)).toBeUndefined();
    expect(imagePinProblem('localhost:5000/redis')).toMatch(/has no tag/);
    expect(imagePinProblem('redis:latest')).toMatch(/not pinned/);
    expect(imagePinProblem('rabbitmq:management')).toMatch(/not pinned/);
  });
});

describe('manifests', () => {
  it('parses a stream of objects and strips generator hashes from ConfigMap and Secret names', () => {
    const objects = parseManifests(
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: common-4c52dhhk9m\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: api-4c52dhhk9m\n',
    );
    expect(objects.map(baseName)).toEqual(['common', 'api-4c52dhhk9m']);
  });

  it('refuses a document that is not a Kubernetes object', () => {
    expect(() => parseManifests('kind: ConfigMap\n')).toThrow(/document 1 is not a Kubernetes object/);
  });
});
