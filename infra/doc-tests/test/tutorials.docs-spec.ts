import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { processEnv } from '@commlab/config';
import {
  requirePostgres,
  requireRabbitMq,
  requireRedis,
  type ThrowawayVhost,
  throwawayVhost,
} from '@commlab/testing';

import { parseTutorial, selectTutorials, ShellSession, stepsUntilBackground, TutorialRunner } from '../src';

const ROOT = join(__dirname, '..', '..', '..');
const TUTORIALS_DIR = join(ROOT, 'docs', 'tutorials');
const TUTORIALS = readdirSync(TUTORIALS_DIR)
  .filter((file) => /^\d\d-.+\.md$/.test(file))
  .sort();

jest.setTimeout(15 * 60_000);

/**
 * COMMLAB_DOC_TESTS picks the part to run: `all` (the default, what `pnpm test:docs` runs), `tutorials`,
 * or `readme` — the README's quick start and quick tour alone (`pnpm test:docs:readme`, the Node 24 leg
 * of .ci/run). Anything else is an error, never a silent empty run.
 */
const DOC_TEST_PARTS = ['all', 'tutorials', 'readme'] as const;
type DocTestPart = (typeof DOC_TEST_PARTS)[number];

function selectedPart(): DocTestPart {
  const value = processEnv().COMMLAB_DOC_TESTS ?? 'all';
  const part = DOC_TEST_PARTS.find((candidate) => candidate === value);
  if (part === undefined) {
    throw new Error(`COMMLAB_DOC_TESTS must be one of ${DOC_TEST_PARTS.join(', ')}; got "${value}"`);
  }
  return part;
}

const PART = selectedPart();

/**
 * COMMLAB_DOC_TUTORIALS=12,13 follows only those tutorials (while writing one); when tutorial 1 is not
 * among them, its "Start the stack" block runs first. Unset: every tutorial.
 */
const SELECTED = selectTutorials(TUTORIALS, processEnv().COMMLAB_DOC_TUTORIALS);
const runs = (part: Exclude<DocTestPart, 'all'>): boolean => PART === 'all' || PART === part;

/** A reader's terminal on a stack of its own: a fresh data directory, the shared throwaway vhost. */
class Reader {
  readonly dataDir = mkdtempSync(join(tmpdir(), 'commlab-doc-tests-'));
  readonly session: ShellSession;
  readonly runner: TutorialRunner;

  constructor(vhost: ThrowawayVhost) {
    this.session = new ShellSession(ROOT, {
      ...processEnv(),
      RABBITMQ_URL: vhost.url,
      COMMLAB_DATA_DIR: this.dataDir,
      FORCE_COLOR: '0',
      NO_COLOR: '1',
    });
    this.runner = new TutorialRunner(this.session, (line) => {
      process.stderr.write(`${line}\n`);
    });
  }

  async follow(file: string): Promise<void> {
    process.stderr.write(`\n${file}\n`);
    const steps = await parseTutorial(readFileSync(join(ROOT, file), 'utf8'));
    expect(steps.some((step) => step.kind === 'run')).toBe(true);
    await this.runner.run(file, steps);
  }

  /** The steps of `file` up to its background block `name` (tutorial 1's `pnpm start`). */
  async startFrom(file: string, name: string): Promise<void> {
    process.stderr.write(`\n${file}, up to its background block ${name}\n`);
    const steps = await parseTutorial(readFileSync(join(ROOT, file), 'utf8'));
    await this.runner.run(file, stepsUntilBackground(steps, name));
  }

  async close(): Promise<void> {
    await this.runner.stopAll();
    this.session.close();
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}

/**
 * `pnpm test:docs`: every tutorial, in order, as a reader follows them — one terminal (a bash session:
 * variables carry over) plus the "second terminals" the tutorials open (background blocks, such as
 * `pnpm start` in the first one) — then the README's quick tour, from its own `pnpm start` on a fresh
 * data directory. Each block's output is checked against what the document says it shows. The stack
 * runs on the default ports (the documents' URLs), in a throwaway RabbitMQ vhost and temporary data
 * directories, so a developer's own `.data` and queues are left alone.
 */
describe('the tutorials (docs/tutorials) and the README, run as written', () => {
  let vhost: ThrowawayVhost;

  beforeAll(async () => {
    await requireRabbitMq();
    await requireRedis();
    await requirePostgres(); // tutorial 13's `pnpm burst` keeps its outbox there
    vhost = await throwawayVhost('doc-tests');
  }, 60_000);

  afterAll(async () => {
    await vhost.drop();
  }, 60_000);

  /** A reader for the enclosing describe; whatever it left running stops when that describe ends. */
  function readerForThisBlock(): () => Reader {
    let reader: Reader | undefined;
    beforeAll(() => {
      reader = new Reader(vhost);
    });
    afterAll(async () => {
      await reader?.close();
    }, 120_000);
    return () => {
      if (reader === undefined) throw new Error('the reader starts in beforeAll');
      return reader;
    };
  }

  it('the README links every tutorial, in order', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const linked = [...readme.matchAll(/\(docs\/tutorials\/(\d\d-[^)]+\.md)\)/g)].map((match) => match[1]);
    expect(linked).toEqual(TUTORIALS);
  });

  if (runs('tutorials')) {
    describe('the tutorials, one reader from the first to the last', () => {
      const reader = readerForThisBlock();
      const first = TUTORIALS[0];

      if (first !== undefined && !SELECTED.includes(first)) {
        it(`${first}: the stack, for the tutorials selected by COMMLAB_DOC_TUTORIALS`, async () => {
          await reader().startFrom(`docs/tutorials/${first}`, 'stack');
        });
      }

      it.each(SELECTED)('%s', async (file) => {
        await reader().follow(`docs/tutorials/${file}`);
      });
    });
  }

  if (runs('readme')) {
    describe('the README, a second reader on a fresh stack', () => {
      const reader = readerForThisBlock();

      it('README.md: the quick start and the quick tour', async () => {
        await reader().follow('README.md');
      });
    });
  }
});
