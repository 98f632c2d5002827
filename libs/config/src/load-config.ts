import { z } from 'zod';

import { ConfigError, type ConfigIssue } from './config-error';
import { processEnv, type Environment } from './process-env';

const SECRET_NAME = /PASSWORD|SECRET|TOKEN|PRIVATE|_KEY$|KEYS?$/i;
const URL_CREDENTIALS = /(\/\/[^:/@]+:)[^@/]*@/;

function redact(variable: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (SECRET_NAME.test(variable)) return '***';
  return value.replace(URL_CREDENTIALS, '$1***@');
}

/** The variable's own description wins; zod's message is the fallback. */
function expectation(shape: z.ZodRawShape, variable: string, issue: z.core.$ZodIssue): string {
  const field = shape[variable] as z.ZodType | undefined;
  const description = field?.description;
  return description ?? issue.message;
}

/**
 * Validates `env` (default: `process.env`) against a zod object schema whose keys are environment
 * variable names, and returns the typed result. Any problem throws one `ConfigError` naming every bad
 * variable. Unknown variables are ignored (the environment holds much more than one service's config).
 */
export function loadConfig<Shape extends z.ZodRawShape>(
  schema: z.ZodObject<Shape>,
  env: Environment = processEnv(),
): z.infer<z.ZodObject<Shape>> {
  const input: Record<string, string> = {};
  for (const key of Object.keys(schema.shape)) {
    const value = env[key];
    // An empty variable (`FOO=`) counts as unset, so defaults apply, as users expect from .env files.
    if (value !== undefined && value !== '') input[key] = value;
  }
  const result = schema.safeParse(input);
  if (result.success) return result.data;

  const issues: ConfigIssue[] = result.error.issues.map((issue) => {
    const variable = typeof issue.path[0] === 'string' ? issue.path[0] : '(config)';
    return {
      variable,
      expected: expectation(schema.shape, variable, issue),
      received: redact(variable, input[variable]),
    };
  });
  throw new ConfigError(issues, { cause: result.error });
}
