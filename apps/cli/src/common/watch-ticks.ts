import { setTimeout as sleep } from 'node:timers/promises';

/** Bounds of `--watch SECONDS`: fast enough for tests, slow enough not to hammer a broker. */
export const WATCH_SECONDS_MIN = 0.1;
export const WATCH_SECONDS_MAX = 3600;

/** `--watch` value in seconds (decimals allowed), or undefined when it is not a number in bounds. */
export function parseWatchSeconds(value: string): number | undefined {
  if (!/^\d+(?:\.\d+)?$/.test(value)) return undefined;
  const seconds = Number(value);
  return seconds >= WATCH_SECONDS_MIN && seconds <= WATCH_SECONDS_MAX ? seconds : undefined;
}

/** `HH:MM:SS` in local time: the prefix of every `--watch` line. */
export function clockTime(at: Date): string {
  const two = (value: number) => String(value).padStart(2, '0');
  return `${two(at.getHours())}:${two(at.getMinutes())}:${two(at.getSeconds())}`;
}

/**
 * Runs `tick`, waits `intervalMs`, runs it again, … until `signal` aborts (Ctrl-C). A tick in progress
 * finishes; the wait is cut short.
 */
export async function repeatUntilStopped(
  intervalMs: number,
  signal: AbortSignal,
  tick: () => Promise<void>,
): Promise<void> {
  while (!signal.aborted) {
    await tick();
    try {
      await sleep(intervalMs, undefined, { signal });
    } catch {
      return; // aborted while waiting
    }
  }
}
