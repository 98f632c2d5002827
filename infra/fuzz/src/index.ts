export { type FuzzOptions, type FuzzReport, formatFuzzReport, runFuzz } from './run-fuzz';
export { type Finding } from './failures';
export { type CredentialKind, type FuzzCredentials, obtainCredentials } from './tokens';
