import type { Readable } from 'node:stream';

/**
 * A signal that aborts once `input` ends, closes or fails: for a process started with a pipe on stdin,
 * the process holding the other end is gone — also after a SIGKILL, when it could not stop this one.
 * Whatever arrives on the pipe is read and dropped, so the end can be seen.
 */
export function stdinEnded(input: Readable): AbortSignal {
  const controller = new AbortController();
  const abort = () => {
    if (!controller.signal.aborted) controller.abort(new Error('stdin closed'));
  };
  input.once('end', abort);
  input.once('close', abort);
  input.once('error', abort);
  input.resume();
  return controller.signal;
}
