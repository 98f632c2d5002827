// @ts-check
/** How many of the slowest test files the closing lines name. */
const SLOWEST = 10;

/**
 * Prints plain closing lines after Jest's own summary, on stderr: the slowest test files with their
 * project and wall time (where a long run's time went: what to look at first when CI gets slow), then
 * "N passed, N failed, N skipped", which CI systems and people can read without knowing Jest's format.
 */
class SummaryReporter {
  /** @param {{ rootDir: string }} globalConfig */
  constructor(globalConfig) {
    this.rootDir = globalConfig.rootDir;
  }

  /** @param {unknown} _contexts @param {import('@jest/reporters').AggregatedResult} results */
  onRunComplete(_contexts, results) {
    const skipped = results.numPendingTests + results.numTodoTests;
    const slowest = slowestFiles(results.testResults, this.rootDir);
    const lines = [
      ...(slowest.length > 0
        ? ['', `slowest test files (of ${results.testResults.length}):`, ...slowest]
        : []),
      '',
      `${results.numPassedTests} passed, ${results.numFailedTests} failed, ${skipped} skipped`,
      '',
    ];
    // Jest prints its own summary after every reporter's onRunComplete has returned; wait for it.
    setImmediate(() => process.stderr.write(lines.join('\n')));
  }
}

/**
 * `  123.4 s  e2e          apps/x/test/y.e2e-spec.ts`, slowest first, for the files that ran.
 * @param {import('@jest/reporters').TestResult[]} testResults
 * @param {string} rootDir
 */
function slowestFiles(testResults, rootDir) {
  return testResults
    .map((result) => ({
      seconds: Math.max(0, result.perfStats.end - result.perfStats.start) / 1000,
      project: result.displayName?.name ?? '',
      file: result.testFilePath.startsWith(`${rootDir}/`)
        ? result.testFilePath.slice(rootDir.length + 1)
        : result.testFilePath,
    }))
    .filter((file) => file.seconds > 0)
    .sort((a, b) => b.seconds - a.seconds)
    .slice(0, SLOWEST)
    .map(
      ({ seconds, project, file }) => `${seconds.toFixed(1).padStart(8)} s  ${project.padEnd(12)} ${file}`,
    );
}

module.exports = SummaryReporter;
