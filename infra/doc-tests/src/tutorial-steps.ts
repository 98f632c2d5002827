/** What a tutorial's output must show, checked after its shell block ran. */
export type Expectation =
  | { kind: 'contains'; text: string }
  | { kind: 'matches'; pattern: RegExp }
  | { kind: 'absent'; text: string }
  /** An ```output block: each non-blank line, in order; `…` stands for anything within a line. */
  | { kind: 'output'; lines: string[] };

/** One thing the runner does, in the order the tutorial shows it. `line` is 1-based in the Markdown file. */
export type TutorialStep =
  | {
      kind: 'run';
      line: number;
      script: string;
      expectations: Expectation[];
      exitCode: number;
      timeoutMs: number;
      /** Run again (up to this long) until the expectations hold: for results that arrive later. */
      retryMs: number | undefined;
    }
  | { kind: 'background'; line: number; name: string; script: string; ready: Expectation; timeoutMs: number }
  | { kind: 'wait'; line: number; name: string; until: Expectation; timeoutMs: number }
  | { kind: 'stop'; line: number; name: string }
  | { kind: 'skip'; line: number; script: string; reason: string };

export const DEFAULT_TIMEOUT_MS = 120_000;
export const DEFAULT_WAIT_MS = 30_000;
