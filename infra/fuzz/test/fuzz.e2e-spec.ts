import { formatFuzzReport, type FuzzReport, runFuzz } from '../src';

/**
 * The fuzzer in CI: a fixed seed and a small number of cases per target, so every run generates the
 * same input and stays around a minute on a 2-core machine. `pnpm fuzz --runs N [--seed S]` runs longer.
 */
const SEED = 20_261_206;
const RUNS = 8;

describe('fuzzing every HTTP endpoint, gRPC method and broker consumer (seeded)', () => {
  let report: FuzzReport;

  beforeAll(async () => {
    report = await runFuzz({ seed: SEED, runs: RUNS });
  }, 240_000);

  it('reaches every transport of every service', () => {
    const has = (prefix: string) => report.targets.filter((target) => target.startsWith(prefix));
    expect(has('HTTP ').length).toBeGreaterThanOrEqual(20);
    for (const service of ['auth', 'inventory', 'order', 'notification', 'reporting'])
      expect(has('HTTP ').some((target) => target.includes(`(${service}-service)`))).toBe(true);
    expect(has('gRPC ')).toEqual(
      expect.arrayContaining([
        'gRPC /commlab.auth.v1.AuthService/VerifyToken',
        'gRPC /commlab.inventory.v1.InventoryService/ReserveStock',
        'gRPC /commlab.inventory.v1.InventoryService/ReleaseStock',
      ]),
    );
    expect(has('RabbitMQ ').length).toBeGreaterThanOrEqual(5);
    expect(has('Kafka ').length).toBeGreaterThanOrEqual(3);
  });

  it('breaks no invariant: no 5xx, INTERNAL/UNKNOWN, crash, stuck message or unhealthy service', () => {
    if (report.findings.length > 0) throw new Error(formatFuzzReport(report));
    expect(report.findings).toEqual([]);
  });
});
