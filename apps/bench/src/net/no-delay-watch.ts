import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import type { Socket } from 'node:net';

/**
 * Checks TCP_NODELAY on every TCP connection the bench process opens or accepts (and, each running its own
 * watch, every one a server process opens or accepts: servers/server-child.ts). Without it, Nagle's
 * algorithm and delayed ACKs can hold small writes back for ~40 ms and the numbers mean nothing.
 *
 * Node announces each new client socket on the `net.client.socket` diagnostics channel and each
 * accepted one on `net.server.socket`; the watch files them under the scenario being set up or run.
 * Node keeps the requested no-delay state of a socket under an internal symbol (`kSetNoDelay`); Node
 * has no public getter for it, so when that symbol is missing the state is reported as unknown, which
 * fails the check rather than passing it.
 */

export type NoDelayState = 'on' | 'off' | 'unknown';

export interface NoDelayReport {
  sockets: number;
  /** One line per connection without TCP_NODELAY (or whose state cannot be read). */
  problems: string[];
}

/**
 * One row's report from the bench process's sockets and its server processes' (which run the same check
 * on theirs): the sockets added up, the server processes' problems said to be theirs. Pure.
 */
export function mergeNoDelayReports(bench: NoDelayReport, servers: readonly NoDelayReport[]): NoDelayReport {
  return {
    sockets: servers.reduce((sum, report) => sum + report.sockets, bench.sockets),
    problems: [
      ...bench.problems,
      ...servers.flatMap((report) => report.problems.map((problem) => `server process: ${problem}`)),
    ],
  };
}

function noDelayState(socket: Socket): NoDelayState {
  const symbol = Object.getOwnPropertySymbols(socket).find((s) => s.description === 'kSetNoDelay');
  if (symbol === undefined) return 'unknown';
  return (socket as unknown as Record<symbol, unknown>)[symbol] === true ? 'on' : 'off';
}

function endpoints(socket: Socket): string {
  const local = `${socket.localAddress ?? '?'}:${socket.localPort ?? '?'}`;
  const remote = `${socket.remoteAddress ?? '?'}:${socket.remotePort ?? '?'}`;
  return `${local} → ${remote}`;
}

interface Watched {
  side: 'client' | 'server';
  socket: Socket;
  label: string;
  /** Its addresses once connected (a closed socket no longer has them); undefined: it never connected. */
  connectedAs?: string;
}

export class NoDelayWatch {
  private readonly watched: Watched[] = [];
  private label = '(bench)';
  private readonly onClient = (message: unknown) => {
    this.add('client', message);
  };
  private readonly onServer = (message: unknown) => {
    this.add('server', message);
  };

  start(): this {
    subscribe('net.client.socket', this.onClient);
    subscribe('net.server.socket', this.onServer);
    return this;
  }

  stop(): void {
    unsubscribe('net.client.socket', this.onClient);
    unsubscribe('net.server.socket', this.onServer);
  }

  /** New sockets from now on belong to this scenario. */
  attribute(label: string): void {
    this.label = label;
  }

  /**
   * The state of every socket filed under `label`. Checked when asked, not when the socket is created:
   * libraries set the option right after connecting.
   */
  report(label: string): NoDelayReport {
    // A client socket that never connected (refused, or destroyed while connecting) carried no byte:
    // Nagle's algorithm cannot have delayed anything on it, and it is not judged.
    const mine = this.watched.filter((w) => w.label === label && w.connectedAs !== undefined);
    const problems = mine
      .map((w) => ({ w, state: noDelayState(w.socket) }))
      .filter(({ state }) => state !== 'on')
      .map(({ w, state }) => `${w.side} ${w.connectedAs ?? ''}: TCP_NODELAY ${state}`);
    return { sockets: mine.length, problems };
  }

  private add(side: 'client' | 'server', message: unknown): void {
    const socket = (message as { socket?: Socket } | undefined)?.socket;
    if (socket === undefined) return;
    const watched: Watched = { side, socket, label: this.label };
    this.watched.push(watched);
    // Node announces a client socket before it starts connecting: its addresses come with 'connect'.
    if (side === 'server' || socket.remoteAddress !== undefined) watched.connectedAs = endpoints(socket);
    else
      socket.once('connect', () => {
        watched.connectedAs = endpoints(socket);
      });
  }
}
