import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import * as path from 'node:path';
import { runProcess } from './process';

/** Debian's interpreter: the `python3` first on PATH is a separate build without Debian's modules. */
export const DEBIAN_PYTHON = '/usr/bin/python3';

export type PythonClient = 'kafka_python_client' | 'confluent_client';

const MODULE: Record<PythonClient, { module: string; debianPackage: string }> = {
  kafka_python_client: { module: 'kafka', debianPackage: 'python3-kafka' },
  confluent_client: { module: 'confluent_kafka', debianPackage: 'python3-confluent-kafka' },
};

function script(client: PythonClient): string {
  return path.join(__dirname, 'python', `${client}.py`);
}

/** Fails with what to install when Debian's python or the client library is missing (never skips). */
export async function requirePythonClient(client: PythonClient): Promise<void> {
  const { module, debianPackage } = MODULE[client];
  const hint = `install the Debian package ${debianPackage} (apt-get install ${debianPackage}; .ci/run does)`;
  let res;
  try {
    res = await runProcess(DEBIAN_PYTHON, ['-c', `import ${module}`], undefined, 20_000);
  } catch (err) {
    throw new Error(
      `these tests need Debian's ${DEBIAN_PYTHON}, which cannot run (${String(err)}): ${hint}`,
      {
        cause: err,
      },
    );
  }
  if (res.code !== 0) {
    throw new Error(`${DEBIAN_PYTHON} cannot import ${module}: ${hint}\n${res.stderr.trim()}`);
  }
}

/** Runs one command of a client script; returns the JSON objects it printed. */
export async function runPython<T = Record<string, unknown>>(
  client: PythonClient,
  bootstrap: string,
  command: string,
  args: Record<string, unknown>,
  timeoutMs = 30_000,
): Promise<T> {
  const res = await runProcess(
    DEBIAN_PYTHON,
    [script(client), bootstrap, command, JSON.stringify(args)],
    undefined,
    timeoutMs,
  );
  const lines = res.stdout.split('\n').filter((l) => l.trim() !== '');
  if (res.code !== 0 || lines.length === 0) {
    throw new Error(`${client} ${command} exited ${res.code}\nstdout: ${res.stdout}\nstderr: ${res.stderr}`);
  }
  return JSON.parse(lines[lines.length - 1] ?? '{}') as T;
}

/** A long-running client command (a group member) whose JSON lines are collected as they come. */
export interface PythonProcess {
  events: Record<string, unknown>[];
  stderr(): string;
  stop(): Promise<void>;
}

export function startPython(
  client: PythonClient,
  bootstrap: string,
  command: string,
  args: Record<string, unknown>,
): PythonProcess {
  const child: ChildProcessWithoutNullStreams = spawn(DEBIAN_PYTHON, [
    script(client),
    bootstrap,
    command,
    JSON.stringify(args),
  ]);
  const events: Record<string, unknown>[] = [];
  let partial = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => {
    const lines = (partial + d.toString()).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines)
      if (line.trim() !== '') events.push(JSON.parse(line) as Record<string, unknown>);
  });
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<void>((resolve) =>
    child.on('close', () => {
      resolve();
    }),
  );
  return {
    events,
    stderr: () => stderr,
    stop: async () => {
      child.kill('SIGKILL');
      await exited;
    },
  };
}
