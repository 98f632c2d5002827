import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { startKafkaLite } from '@commlab/kafka-lite';
import { waitFor } from '@commlab/testing';
import { ConfigResourceTypes } from 'kafkajs';
import { kafkaClient } from './support/kafkajs';
import { kcatOk } from './support/kcat';

jest.setTimeout(60_000);

const TSX_CLI = createRequire(__filename).resolve('tsx/cli');
const CLI = path.join(__dirname, '..', 'src', 'cli.ts');

interface Running {
  child: ChildProcessWithoutNullStreams;
  stdout: () => string;
  stderr: () => string;
  exit: Promise<number | null>;
}

function runCli(args: string[]): Running {
  const child = spawn(process.execPath, [TSX_CLI, '--conditions=@commlab/source', CLI, ...args]);
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const exit = new Promise<number | null>((resolve) =>
    child.on('close', (code) => {
      resolve(code);
    }),
  );
  return { child, stdout: () => out, stderr: () => err, exit };
}

async function listening(run: Running): Promise<string> {
  const line = await waitFor(() => /kafka-lite listening on (\S+)\n/.exec(run.stdout())?.[1], {
    timeoutMs: 20_000,
    description: `CLI prints its address (stderr: ${run.stderr()})`,
  });
  return line;
}

describe('kafka-lite CLI', () => {
  const running: Running[] = [];
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'kafka-lite-cli-'));
  });

  afterAll(async () => {
    for (const r of running) r.child.kill('SIGKILL');
    await rm(dataDir, { recursive: true, force: true });
  });

  it('serves clients, shuts down cleanly on SIGTERM/SIGINT and keeps data in --data-dir', async () => {
    const first = runCli(['--port', '0', '--data-dir', dataDir, '--partitions', '2', '--log-level', 'warn']);
    running.push(first);
    const address = await listening(first);
    expect(address).toMatch(/^127\.0\.0\.1:\d+$/);
    await kcatOk(['-b', address, '-P', '-t', 'cli-topic', '-p', '1'], 'persisted\n');
    const [meta] = await kcatOk(['-b', address, '-L', '-J', '-t', 'cli-topic']);
    expect((JSON.parse(meta!) as { topics: { partitions: unknown[] }[] }).topics[0]?.partitions).toHaveLength(
      2,
    );
    first.child.kill('SIGTERM');
    expect(await first.exit).toBe(0);

    const second = runCli(['--port', '0', '--data-dir', dataDir, '--log-level', 'warn']);
    running.push(second);
    const address2 = await listening(second);
    expect(
      await kcatOk(['-b', address2, '-C', '-t', 'cli-topic', '-p', '1', '-e', '-q', '-f', '%s\n']),
    ).toEqual(['persisted']);
    second.child.kill('SIGINT');
    expect(await second.exit).toBe(0);
  });

  it('passes retention, limit and delay flags to the broker (DescribeConfigs shows them)', async () => {
    const run = runCli([
      '--port',
      '0',
      '--retention-ms',
      '3600000',
      '--message-max-bytes',
      '5000',
      '--connections-max-idle-ms',
      '120000',
      '--group-initial-rebalance-delay-ms',
      '0',
      '--log-level',
      'warn',
    ]);
    running.push(run);
    const address = await listening(run);
    const admin = kafkaClient([address]).admin();
    await admin.connect();
    try {
      const res = await admin.describeConfigs({
        resources: [{ type: ConfigResourceTypes.BROKER, name: '0' }],
        includeSynonyms: false,
      });
      const values = Object.fromEntries(
        res.resources[0]!.configEntries.map((c) => [c.configName, c.configValue]),
      );
      expect(values).toMatchObject({
        'log.retention.ms': '3600000',
        'message.max.bytes': '5000',
        'connections.max.idle.ms': '120000',
        'group.initial.rebalance.delay.ms': '0',
      });
    } finally {
      await admin.disconnect();
    }
    run.child.kill('SIGTERM');
    expect(await run.exit).toBe(0);
  });

  it('exits 1 with one line when the port is taken', async () => {
    const other = await startKafkaLite({ logLevel: 'silent' });
    try {
      const run = runCli(['--port', String(other.port)]);
      running.push(run);
      expect(await run.exit).toBe(1);
      const lines = run.stderr().trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/address already in use/);
    } finally {
      await other.close();
    }
  });

  it('exits 2 with one line for options that do not fit together', async () => {
    const run = runCli(['--max-frame-bytes', '4096', '--max-buffered-bytes', '1024']);
    running.push(run);
    expect(await run.exit).toBe(2);
    expect(run.stderr().trim().split('\n')).toEqual([
      expect.stringMatching(/^kafka-lite: maxBufferedBytes must be/),
    ]);
  });

  it.each([[['--bogus']], [['--port', 'abc']], [['--log-level', 'loud']], [['--partitions', '0']]])(
    'exits 2 with a one-line usage error for %j',
    async (args) => {
      const run = runCli(args);
      running.push(run);
      expect(await run.exit).toBe(2);
      const lines = run.stderr().trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^kafka-lite: .*usage: kafka-lite/);
    },
  );
});
