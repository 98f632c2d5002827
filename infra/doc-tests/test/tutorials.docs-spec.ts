import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { processEnv } from '@commlab/config';
import { requireRabbitMq, requireRedis, type ThrowawayVhost, throwawayVhost } from '@commlab/testing';

import { parseTutorial, ShellSession, TutorialRunner } from '../src';

const ROOT = join(__dirname, '..', '..', '..');
const TUTORIALS_DIR = join(ROOT, 'docs', 'tutorials');
const TUTORIALS = readdirSync(TUTORIALS_DIR)
  .filter((file) => /^\d\d-.+\.md$/.test(file))
  .sort();

jest.setTimeout(15 * 60_000);

/**
 * `pnpm test:docs`: every tutorial, in order, as a reader follows them — one terminal (a bash session:
 * variables carry over) plus the "second terminals" the tutorials open (background blocks, such as
 * `pnpm start` in the first one). Each block's output is checked against what the tutorial says it shows.
 * The stack runs on the default ports (the tutorials' URLs), in a throwaway RabbitMQ vhost and a
 * temporary data directory, so a developer's own `.data` and queues are left alone.
 */
describe('the tutorials (docs/tutorials), run as written', () => {
  let vhost: ThrowawayVhost;
  let dataDir: string;
  let session: ShellSession;
  let runner: TutorialRunner;

  beforeAll(async () => {
    await requireRabbitMq();
    await requireRedis();
    vhost = await throwawayVhost('doc-tests');
    dataDir = mkdtempSync(join(tmpdir(), 'commlab-doc-tests-'));
    session = new ShellSession(ROOT, {
      ...processEnv(),
      RABBITMQ_URL: vhost.url,
      COMMLAB_DATA_DIR: dataDir,
      FORCE_COLOR: '0',
      NO_COLOR: '1',
    });
    runner = new TutorialRunner(session, (line) => {
      process.stderr.write(`${line}\n`);
    });
  }, 60_000);

  afterAll(async () => {
    await runner.stopAll();
    session.close();
    await vhost.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }, 60_000);

  it('the README links every tutorial, in order', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const linked = [...readme.matchAll(/\(docs\/tutorials\/(\d\d-[^)]+\.md)\)/g)].map((match) => match[1]);
    expect(linked).toEqual(TUTORIALS);
  });

  it.each(TUTORIALS)('%s', async (file) => {
    process.stderr.write(`\n${file}\n`);
    const steps = await parseTutorial(readFileSync(join(TUTORIALS_DIR, file), 'utf8'));
    expect(steps.some((step) => step.kind === 'run')).toBe(true);
    await runner.run(`docs/tutorials/${file}`, steps);
  });
});
