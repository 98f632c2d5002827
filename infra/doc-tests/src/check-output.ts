import type { Expectation } from './tutorial-steps';

/** An ```output line as a pattern: literal text, `…` for anything, surrounding spaces ignored. */
function linePattern(line: string): RegExp {
  const parts = line
    .trim()
    .split('…')
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(parts.join('.*'));
}

/** Why `output` does not show what `expectation` says, or undefined when it does. */
export function unmet(expectation: Expectation, output: string): string | undefined {
  switch (expectation.kind) {
    case 'contains':
      return output.includes(expectation.text)
        ? undefined
        : `expected the output to contain ${JSON.stringify(expectation.text)}`;
    case 'matches':
      return expectation.pattern.test(output)
        ? undefined
        : `expected the output to match ${String(expectation.pattern)}`;
    case 'absent':
      return output.includes(expectation.text)
        ? `expected the output NOT to contain ${JSON.stringify(expectation.text)}`
        : undefined;
    case 'output': {
      const actual = output.split('\n');
      let at = 0;
      for (const expected of expectation.lines) {
        const pattern = linePattern(expected);
        const found = actual.findIndex((line, index) => index >= at && pattern.test(line));
        if (found < 0) {
          return `expected, in order, the lines of the output block; missing (after line ${String(at)} of the output): ${JSON.stringify(expected.trim())}`;
        }
        at = found + 1;
      }
      return undefined;
    }
  }
}

/** Every unmet expectation, one message each. */
export function unmetAll(expectations: readonly Expectation[], output: string): string[] {
  return expectations.flatMap((expectation) => unmet(expectation, output) ?? []);
}
