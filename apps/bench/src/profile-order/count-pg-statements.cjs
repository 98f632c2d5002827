'use strict';
/* eslint-disable @typescript-eslint/no-require-imports, no-restricted-properties --
   a preload (node --require) runs before any module system or config loader of the service: plain
   CommonJS, and the one variable that switches it on read directly. */
/**
 * Preloaded into every process of the stack `pnpm bench:profile-order` starts (NODE_OPTIONS=--require):
 * counts the statements each process sends to PostgreSQL through node-postgres (every `Client.query`
 * is one round trip: node-postgres does not pipeline), by statement text, and writes the counts to
 * `$COMMLAB_PROFILE_DIR/<pid>.json` when the process gets SIGUSR2 (and at exit) — on demand, so the
 * counting costs the measured processes nothing between two reads. Nothing in the services changes: this
 * file patches `pg` when the service first requires it. Without COMMLAB_PROFILE_DIR it does nothing.
 */
const { writeFileSync } = require('node:fs');
const { join } = require('node:path');
const Module = require('node:module');

const dir = process.env.COMMLAB_PROFILE_DIR;
if (dir !== undefined && dir !== '') {
  /** statement text (whitespace collapsed, first 160 characters) → how many times it ran */
  const counts = new Map();
  let total = 0;
  const file = join(dir, `${String(process.pid)}.json`);
  const entry = process.argv[1] ?? '';
  const write = () => {
    try {
      writeFileSync(file, JSON.stringify({ pid: process.pid, entry, total, statements: [...counts] }));
    } catch {
      // the directory is gone: the profile run ended
    }
  };
  process.on('SIGUSR2', write);
  process.once('exit', write);
  write();

  const patch = (Client) => {
    if (typeof Client !== 'function' || Client.prototype.__commlabCounted === true) return;
    const query = Client.prototype.query;
    Client.prototype.query = function countedQuery(config, ...rest) {
      const text =
        typeof config === 'string' ? config : config && typeof config.text === 'string' ? config.text : '';
      const key = text.replace(/\s+/g, ' ').trim().slice(0, 160);
      counts.set(key, (counts.get(key) ?? 0) + 1);
      total += 1;
      return query.call(this, config, ...rest);
    };
    Client.prototype.__commlabCounted = true;
  };

  // pg/lib/client.js as pg's index loads it. The counter goes in there, under OpenTelemetry's pg
  // instrumentation, which wraps `query` when this file loads and again (unwrapping its own first) when
  // `pg` has loaded: a counter put around its wrapper in between would hide that wrapper, and every
  // statement would make two spans.
  const isPgClient = (request, parent) =>
    request === './client' &&
    parent !== null &&
    typeof parent === 'object' &&
    /[\\/]pg[\\/]lib[\\/]index\.js$/.test(String(parent.filename));
  const load = Module._load;
  Module._load = function loadAndPatch(request, parent, ...rest) {
    const exported = load.call(this, request, parent, ...rest);
    if (isPgClient(request, parent)) patch(exported);
    else if (request === 'pg') patch(exported && exported.Client);
    return exported;
  };
}

/**
 * With COMMLAB_CPU_PROF_DIR (`--cpu-prof`, which NODE_OPTIONS does not allow): V8's sampling profiler
 * from now until the process exits, written to `<dir>/<pid>.cpuprofile` (the inspector session answers
 * synchronously on the main thread, so this works in the 'exit' handler).
 */
const cpuProfDir = process.env.COMMLAB_CPU_PROF_DIR;
if (cpuProfDir !== undefined && cpuProfDir !== '') {
  const { Session } = require('node:inspector');
  const session = new Session();
  session.connect();
  session.post('Profiler.enable');
  session.post('Profiler.setSamplingInterval', { interval: 500 });
  session.post('Profiler.start');
  process.once('exit', () => {
    session.post('Profiler.stop', (error, result) => {
      if (error === null && result !== undefined)
        writeFileSync(join(cpuProfDir, `${String(process.pid)}.cpuprofile`), JSON.stringify(result.profile));
    });
  });
}
