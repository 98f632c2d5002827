export { type ConsoleConfig, consoleConfigSchema } from './config/console.config';
export { type RunningConsole, startConsole, type StartConsoleOptions } from './server/console-server';
export { ensureWebBuild, packageRoot, webDir } from './web-build/web-build';
