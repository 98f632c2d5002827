// @ts-check
/**
 * Prints one plain closing line after Jest's own summary — "N passed, N failed, N skipped" — which CI
 * systems and people can read without knowing Jest's format. On stderr, after Jest's summary.
 */
class SummaryReporter {
  /** @param {unknown} _contexts @param {import('@jest/reporters').AggregatedResult} results */
  onRunComplete(_contexts, results) {
    const skipped = results.numPendingTests + results.numTodoTests;
    const line = `\n${results.numPassedTests} passed, ${results.numFailedTests} failed, ${skipped} skipped\n`;
    // Jest prints its own summary after every reporter's onRunComplete has returned; wait for it.
    setImmediate(() => process.stderr.write(line));
  }
}

module.exports = SummaryReporter;
