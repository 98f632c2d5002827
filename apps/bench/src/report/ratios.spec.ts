import type { ModeResult, ScenarioResult } from './bench-results';
import { addRatios } from './ratios';

function run(mode: 'closed' | 'open', p50: number): ModeResult {
  return {
    mode,
    load: mode,
    latency: { count: 100, p50, p90: p50, p99: p50, p999: p50, max: p50, mean: p50 },
    throughputPerSecond: 1,
    errors: 0,
    timeouts: 0,
    errorSamples: [],
    repetitions: [],
  };
}

function scenario(
  name: string,
  partial: Pick<ScenarioResult, 'group' | 'transport' | 'kind'> & { baseline?: string },
  p50s: [number, number],
): ScenarioResult {
  return {
    name,
    description: name,
    placement: '',
    payloadBytes: { request: 1 },
    noDelay: { sockets: 0, problems: [] },
    runs: [run('closed', p50s[0]), run('open', p50s[1])],
    ...partial,
  };
}

describe('addRatios', () => {
  it('compares with the raw baseline of the same transport and group, and with REST raw while there is no REST framework row', () => {
    const results = [
      scenario('harness.noop', { group: 'harness', transport: 'in-process', kind: 'harness' }, [2, 3]),
      scenario('rr.tcp.floor', { group: 'request-reply', transport: 'tcp', kind: 'floor' }, [50, 60]),
      scenario('rr.rest.raw', { group: 'request-reply', transport: 'rest', kind: 'raw' }, [200, 300]),
      scenario('rr.grpc.raw', { group: 'request-reply', transport: 'grpc', kind: 'raw' }, [400, 600]),
      scenario('rr.grpc.nest', { group: 'request-reply', transport: 'grpc', kind: 'framework' }, [800, 900]),
      scenario(
        'ow.rabbitmq.raw.confirm',
        { group: 'one-way', transport: 'rabbitmq', kind: 'raw' },
        [1000, 1000],
      ),
      scenario('ow.rabbitmq.raw.plain', { group: 'one-way', transport: 'rabbitmq', kind: 'raw' }, [500, 500]),
      scenario(
        'ow.rabbitmq.nest',
        { group: 'one-way', transport: 'rabbitmq', kind: 'framework', baseline: 'ow.rabbitmq.raw.plain' },
        [750, 750],
      ),
    ];
    addRatios(results);
    const ratios = (name: string) =>
      results.find((r) => r.name === name)!.runs.map((r) => [r.ratioToRaw, r.ratioToRest]);

    expect(ratios('harness.noop')).toEqual([
      [undefined, undefined],
      [undefined, undefined],
    ]);
    expect(ratios('rr.tcp.floor')).toEqual([
      [undefined, 0.25],
      [undefined, 0.2],
    ]);
    expect(ratios('rr.grpc.raw')).toEqual([
      [1, 2],
      [1, 2],
    ]);
    expect(ratios('rr.grpc.nest')).toEqual([
      [2, 4],
      [1.5, 3],
    ]);
    expect(ratios('ow.rabbitmq.raw.plain')).toEqual([
      [1, 2.5],
      [1, 500 / 300],
    ]);
    expect(ratios('ow.rabbitmq.nest')).toEqual([
      [1.5, 3.75],
      [1.5, 2.5],
    ]);
    expect(results[2]!.runs[0]!.ratioToRestBase).toBe('rr.rest.raw');
  });

  it('compares like with like: raw with REST raw, framework rows with their REST twin', () => {
    const results = [
      scenario('rr.rest.raw', { group: 'request-reply', transport: 'rest', kind: 'raw' }, [200, 200]),
      scenario('rr.rest.nest', { group: 'request-reply', transport: 'rest', kind: 'framework' }, [400, 400]),
      scenario('rr.grpc.raw', { group: 'request-reply', transport: 'grpc', kind: 'raw' }, [100, 100]),
      scenario('rr.grpc.nest', { group: 'request-reply', transport: 'grpc', kind: 'framework' }, [200, 200]),
      scenario(
        'rr.rest.inventory',
        { group: 'request-reply', transport: 'rest', kind: 'framework' },
        [1000, 1000],
      ),
      scenario(
        'rr.grpc.inventory',
        { group: 'request-reply', transport: 'grpc', kind: 'framework' },
        [500, 500],
      ),
      scenario(
        'token.rest.auth',
        { group: 'token-verification', transport: 'rest', kind: 'framework' },
        [80, 80],
      ),
      scenario(
        'token.grpc.auth',
        { group: 'token-verification', transport: 'grpc', kind: 'framework' },
        [40, 40],
      ),
      scenario(
        'token.jwks.local',
        { group: 'token-verification', transport: 'in-process', kind: 'framework' },
        [20, 20],
      ),
      scenario('e2e.order.sync', { group: 'end-to-end', transport: 'rest', kind: 'framework' }, [900, 900]),
    ];
    addRatios(results);
    const closed = (name: string) => results.find((r) => r.name === name)!.runs[0]!;
    expect(closed('rr.grpc.raw')).toMatchObject({
      ratioToRaw: 1,
      ratioToRest: 0.5,
      ratioToRestBase: 'rr.rest.raw',
    });
    expect(closed('rr.grpc.nest')).toMatchObject({
      ratioToRaw: 2,
      ratioToRest: 0.5,
      ratioToRestBase: 'rr.rest.nest',
    });
    expect(closed('rr.rest.nest')).toMatchObject({ ratioToRaw: 2, ratioToRest: 1 });
    expect(closed('rr.grpc.inventory')).toMatchObject({
      ratioToRaw: 5,
      ratioToRestBase: 'rr.rest.inventory',
    });
    expect(closed('token.grpc.auth')).toMatchObject({ ratioToRest: 0.5, ratioToRestBase: 'token.rest.auth' });
    expect(closed('token.jwks.local')).toMatchObject({
      ratioToRest: 0.25,
      ratioToRestBase: 'token.rest.auth',
    });
    expect(closed('token.jwks.local').ratioToRaw).toBeUndefined();
    expect(closed('e2e.order.sync').ratioToRest).toBeUndefined();
  });

  it('compares a raw row that names a baseline with it (Fastify alone over node:http), not with itself', () => {
    const results = [
      scenario('rr.rest.raw', { group: 'request-reply', transport: 'rest', kind: 'raw' }, [100, 200]),
      scenario(
        'rr.rest.raw.fastify',
        { group: 'request-reply', transport: 'rest', kind: 'raw', baseline: 'rr.rest.raw' },
        [150, 250],
      ),
      scenario('rr.rest.nest', { group: 'request-reply', transport: 'rest', kind: 'framework' }, [160, 300]),
    ];
    addRatios(results);
    const ratios = (name: string) =>
      results.find((r) => r.name === name)!.runs.map((r) => [r.ratioToRaw, r.ratioToRest, r.ratioToRestBase]);
    expect(ratios('rr.rest.raw.fastify')).toEqual([
      [1.5, 1.5, 'rr.rest.raw'],
      [1.25, 1.25, 'rr.rest.raw'],
    ]);
    // The framework row still goes to the first raw row of its transport, not to the Fastify one.
    expect(ratios('rr.rest.nest')).toEqual([
      [1.6, 1, 'rr.rest.nest'],
      [1.5, 1, 'rr.rest.nest'],
    ]);
  });
});
