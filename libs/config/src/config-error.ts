/** One problem with one environment variable. */
export interface ConfigIssue {
  /** The environment variable, e.g. `ORDER_HTTP_PORT`. */
  variable: string;
  /** What the variable must hold, e.g. `an integer from 1 to 65535`. */
  expected: string;
  /** What it holds now (secrets redacted), or `undefined` when it is not set. */
  received: string | undefined;
}

/**
 * Thrown at boot when the environment does not fit the service's config schema. The message lists
 * every bad variable with what it expects, so a service stops with one readable error.
 */
export class ConfigError extends Error {
  readonly code = 'CONFIG_INVALID';

  constructor(
    readonly issues: readonly ConfigIssue[],
    options?: ErrorOptions,
  ) {
    super(ConfigError.describe(issues), options);
    this.name = 'ConfigError';
  }

  private static describe(issues: readonly ConfigIssue[]): string {
    const lines = issues.map(({ variable, expected, received }) => {
      const got = received === undefined ? 'it is not set' : `got ${JSON.stringify(received)}`;
      return `  - ${variable}: expected ${expected}; ${got}`;
    });
    return [
      `Invalid configuration (${issues.length} problem${issues.length === 1 ? '' : 's'}):`,
      ...lines,
    ].join('\n');
  }
}
