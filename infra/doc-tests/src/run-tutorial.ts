import { unmet, unmetAll } from './check-output';
import { type BackgroundJob, ShellSession } from './shell-session';
import type { Expectation, TutorialStep } from './tutorial-steps';

/** A step whose output is not what the tutorial says: everything needed to see why. */
export class TutorialStepFailure extends Error {
  constructor(file: string, step: TutorialStep, problems: readonly string[], output: string) {
    const script = 'script' in step ? `\n--- the block ---\n${step.script.trimEnd()}` : '';
    const tail = output.length > 6_000 ? `…${output.slice(-6_000)}` : output;
    super(
      `${file}:${String(step.line)}: ${step.kind} step failed\n- ${problems.join('\n- ')}${script}\n--- its output ---\n${tail.trimEnd()}`,
    );
    this.name = 'TutorialStepFailure';
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Follows tutorials in one shell session, like a reader with one main terminal and a few extra ones
 * (background blocks, which keep running across tutorials until stopped).
 */
export class TutorialRunner {
  private readonly jobs = new Map<string, BackgroundJob>();

  constructor(
    private readonly session: ShellSession,
    private readonly log: (line: string) => void = () => undefined,
  ) {}

  async run(file: string, steps: readonly TutorialStep[]): Promise<void> {
    for (const step of steps) {
      const where = `${file}:${String(step.line)}`;
      switch (step.kind) {
        case 'skip':
          this.log(`  · ${where} not run: ${step.reason}`);
          break;
        case 'run':
          this.log(`  ▶ ${where} ${firstLine(step.script)}`);
          await this.runBlock(file, step);
          break;
        case 'background': {
          this.log(`  ⇉ ${where} ${step.name}: ${firstLine(step.script)}`);
          if (this.jobs.has(step.name)) {
            throw new TutorialStepFailure(
              file,
              step,
              [`a background block named ${step.name} is already running`],
              '',
            );
          }
          const job = await this.session.background(step.script);
          this.jobs.set(step.name, job);
          await this.waitFor(file, step, job, step.ready, step.timeoutMs);
          break;
        }
        case 'wait': {
          this.log(`  … ${where} wait for ${step.name}`);
          await this.waitFor(file, step, this.job(file, step, step.name), step.until, step.timeoutMs);
          break;
        }
        case 'stop':
          this.log(`  ■ ${where} stop ${step.name}`);
          await this.stop(step.name, this.job(file, step, step.name));
          break;
      }
    }
  }

  /** Stops what is still running in the background (the last started first). */
  async stopAll(): Promise<void> {
    for (const [name, job] of [...this.jobs].reverse()) await this.stop(name, job);
  }

  /** A background job's output so far, for a failure message. */
  outputOf(name: string): string {
    const job = this.jobs.get(name);
    return job === undefined ? '' : ShellSession.outputOf(job);
  }

  private async runBlock(file: string, step: Extract<TutorialStep, { kind: 'run' }>): Promise<void> {
    const deadline = Date.now() + (step.retryMs ?? 0);
    for (;;) {
      const { exitCode, output } = await this.session.run(step.script, step.timeoutMs);
      const problems = [
        ...(exitCode === step.exitCode
          ? []
          : [`exit status ${String(exitCode)}, expected ${String(step.exitCode)}`]),
        ...unmetAll(step.expectations, output),
      ];
      if (problems.length === 0) return;
      if (Date.now() >= deadline) {
        if (step.retryMs !== undefined)
          problems.push(`still so after retrying for ${String(step.retryMs)} ms`);
        throw new TutorialStepFailure(file, step, problems, output);
      }
      await sleep(500);
    }
  }

  private async waitFor(
    file: string,
    step: TutorialStep,
    job: BackgroundJob,
    until: Expectation,
    timeoutMs: number,
  ): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const output = ShellSession.outputOf(job);
      const problem = unmet(until, output);
      if (problem === undefined) return;
      if (!isAlive(job.pid))
        throw new TutorialStepFailure(file, step, [problem, 'the background block ended'], output);
      if (Date.now() > deadline) {
        throw new TutorialStepFailure(file, step, [problem, `not within ${String(timeoutMs)} ms`], output);
      }
      await sleep(200);
    }
  }

  private job(file: string, step: TutorialStep, name: string): BackgroundJob {
    const job = this.jobs.get(name);
    if (job === undefined)
      throw new TutorialStepFailure(file, step, [`no background block named ${name} is running`], '');
    return job;
  }

  /** Ctrl-C to the job's process group; SIGTERM after 20 s, SIGKILL after 30 s. */
  private async stop(name: string, job: BackgroundJob): Promise<void> {
    this.jobs.delete(name);
    const signals: [number, NodeJS.Signals][] = [
      [0, 'SIGINT'],
      [20_000, 'SIGTERM'],
      [30_000, 'SIGKILL'],
    ];
    const started = Date.now();
    for (const [after, signal] of signals) {
      while (Date.now() - started < after) {
        if (!isAlive(job.pid)) return;
        await sleep(100);
      }
      try {
        process.kill(-job.pid, signal);
      } catch {
        return;
      }
    }
    while (isAlive(job.pid)) await sleep(100);
  }
}

function firstLine(script: string): string {
  const line = script.split('\n').find((l) => l.trim() !== '' && !l.trim().startsWith('#')) ?? '';
  return line.length > 100 ? `${line.slice(0, 99)}…` : line;
}
