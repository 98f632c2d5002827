import { join } from 'node:path';

/**
 * Absolute path of the committed AsyncAPI document (`pnpm asyncapi:generate` writes it, `asyncapi:check`
 * keeps it current). It ships with the package (libs/contracts/asyncapi); this file sits in
 * src/asyncapi (sources) or dist/asyncapi (build), two levels below the package directory either way.
 */
export const ASYNCAPI_DOCUMENT_PATH = join(__dirname, '..', '..', 'asyncapi', 'commlab.asyncapi.json');
