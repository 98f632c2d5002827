/**
 * The one place in commlab that touches `process.env` (ESLint forbids it elsewhere).
 * Everything else receives typed, validated config from `loadConfig`.
 */
export type Environment = Readonly<Record<string, string | undefined>>;

export function processEnv(): Environment {
  // eslint-disable-next-line no-restricted-properties -- this module is the designated reader
  return process.env;
}
