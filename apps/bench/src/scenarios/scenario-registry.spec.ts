import type { Scenario } from '../scenario';
import { ScenarioRegistry, UnknownScenarioError } from './scenario-registry';

function scenario(name: string): Scenario {
  return {
    name,
    group: 'request-reply',
    transport: 'tcp',
    kind: 'raw',
    description: name,
    needs: [],
    setup: () => Promise.reject(new Error('not used')),
  };
}

describe('ScenarioRegistry', () => {
  const registry = new ScenarioRegistry([
    scenario('rr.tcp.floor'),
    scenario('rr.rest.raw'),
    scenario('ow.redis.raw'),
  ]);

  it('selects by exact name and by prefix*, in registry order', () => {
    expect(registry.select(['ow.redis.raw', 'rr.*']).map((s) => s.name)).toEqual([
      'rr.tcp.floor',
      'rr.rest.raw',
      'ow.redis.raw',
    ]);
    expect(registry.select([]).length).toBe(3);
  });

  it('names unknown selectors', () => {
    expect(() => registry.select(['rr.grpc.raw', 'x*'])).toThrow(UnknownScenarioError);
    expect(() => registry.select(['rr.grpc.raw'])).toThrow('unknown scenario "rr.grpc.raw"; see --list');
  });

  it('refuses duplicate and malformed names', () => {
    expect(() => new ScenarioRegistry([scenario('a.b'), scenario('a.b')])).toThrow('registered twice');
    expect(() => new ScenarioRegistry([scenario('Nope')])).toThrow('dotted lowercase');
  });
});
