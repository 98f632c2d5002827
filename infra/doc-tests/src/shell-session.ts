import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const MARK = '__COMMLAB_DOC_TEST__';

/** A background block's process: its own process group, its output in a file. */
export interface BackgroundJob {
  pid: number;
  outputFile: string;
}

/**
 * One bash process that runs a tutorial's blocks in turn, as a reader's terminal would: variables set by
 * one block (TOKEN=…) are there in the next. Each block's stdout and stderr go to a file the runner reads.
 */
export class ShellSession {
  private readonly bash: ChildProcessWithoutNullStreams;
  private readonly dir = mkdtempSync(join(tmpdir(), 'commlab-doc-test-'));
  private stdout = '';
  private counter = 0;
  private exited: string | undefined;

  constructor(cwd: string, env: NodeJS.ProcessEnv) {
    this.bash = spawn('bash', ['--noprofile', '--norc'], { cwd, env, detached: true });
    this.bash.stdout.on('data', (chunk: Buffer) => (this.stdout += chunk.toString('utf8')));
    this.bash.stderr.on('data', (chunk: Buffer) => (this.stdout += chunk.toString('utf8')));
    this.bash.on('exit', (code, signal) => {
      this.exited = signal ?? `exit code ${String(code)}`;
    });
  }

  /** Runs a block in the session; resolves with its exit status and output, or rejects after timeoutMs. */
  async run(script: string, timeoutMs: number): Promise<{ exitCode: number; output: string }> {
    const { id, file, outputFile } = this.prepare(script);
    const answer = await this.send(
      `source '${file}' > '${outputFile}' 2>&1 < /dev/null; echo "${MARK} ${id} $?"`,
      id,
      timeoutMs,
    );
    return { exitCode: Number(answer), output: readFileSync(outputFile, 'utf8') };
  }

  /** Starts a block as a background job in its own process group (like a second terminal). */
  async background(script: string): Promise<BackgroundJob> {
    const { id, file, outputFile } = this.prepare(script);
    const pid = await this.send(
      `set -m; source '${file}' > '${outputFile}' 2>&1 < /dev/null & echo "${MARK} ${id} $!"; set +m`,
      id,
      10_000,
    );
    return { pid: Number(pid), outputFile };
  }

  /** What a background job printed so far. */
  static outputOf(job: BackgroundJob): string {
    try {
      return readFileSync(job.outputFile, 'utf8');
    } catch {
      return '';
    }
  }

  close(): void {
    try {
      if (this.bash.pid !== undefined) process.kill(-this.bash.pid, 'SIGKILL');
    } catch {
      // already gone
    }
    rmSync(this.dir, { recursive: true, force: true });
  }

  private assertAlive(): void {
    if (this.exited !== undefined) throw new Error(`the shell session ended (${this.exited})`);
  }

  private prepare(script: string): { id: number; file: string; outputFile: string } {
    const id = ++this.counter;
    const file = join(this.dir, `block-${String(id)}.sh`);
    writeFileSync(file, `${script}\n`);
    return { id, file, outputFile: join(this.dir, `output-${String(id)}.txt`) };
  }

  private async send(command: string, id: number, timeoutMs: number): Promise<string> {
    this.assertAlive();
    this.bash.stdin.write(`${command}\n`);
    const pattern = new RegExp(`${MARK} ${String(id)} (\\d+)`);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = pattern.exec(this.stdout)?.[1];
      if (found !== undefined) return found;
      this.assertAlive();
      if (Date.now() > deadline) {
        this.close();
        throw new Error(`no end after ${String(timeoutMs)} ms (the session was killed)`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}
