import { SingleBar } from 'cli-progress';

import type { BenchProgress } from '../run-bench';

/** A cli-progress bar on stderr (stdout stays clean for the table); silent when stderr is not a terminal. */
export function stderrProgressBar(): BenchProgress {
  const bar = new SingleBar({
    stream: process.stderr,
    format: 'bench [{bar}] {value}/{total} steps | {eta_formatted} left | {step}',
    hideCursor: true,
    clearOnComplete: true,
    etaBuffer: 20,
  });
  let running = false;
  let done = 0;
  return {
    start(total) {
      bar.start(total, 0, { step: 'starting' });
      running = true;
    },
    step(label) {
      if (running) bar.update(done++, { step: label });
    },
    stop() {
      if (!running) return;
      running = false;
      bar.update(done, { step: 'done' });
      bar.stop();
    },
  };
}
