import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

/** /proc/net/tcp's state of a listening socket. */
const LISTEN = '0A';

/**
 * The inodes of the sockets listening on `port`, from the text of /proc/net/tcp or /proc/net/tcp6 (one
 * socket a line after the header: `sl local_address rem_address st … uid timeout inode …`, addresses as
 * hex `ADDR:PORT`). Pure.
 */
export function listeningInodes(procNetTcp: string, port: number): string[] {
  return procNetTcp
    .split('\n')
    .slice(1)
    .map((line) => line.trim().split(/\s+/))
    .filter((fields) => fields[3] === LISTEN && Number.parseInt(fields[1]?.split(':')[1] ?? '', 16) === port)
    .flatMap((fields) => (fields[9] === undefined ? [] : [fields[9]]));
}

function readOr(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

/**
 * The process listening on TCP `port` of this machine (the one holding the socket), found through /proc;
 * undefined when nothing listens there, or the owner's file descriptors cannot be read (another user's
 * process, without root), or the port is published by a container runtime whose process is elsewhere.
 */
export function portOwnerPid(port: number): number | undefined {
  const inodes = new Set(
    ['/proc/net/tcp', '/proc/net/tcp6'].flatMap((file) => listeningInodes(readOr(file), port)),
  );
  if (inodes.size === 0) return undefined;
  const sockets = new Set([...inodes].map((inode) => `socket:[${inode}]`));
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${name}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        if (sockets.has(readlinkSync(`/proc/${name}/fd/${fd}`))) return Number(name);
      } catch {
        // closed since the listing
      }
    }
  }
  return undefined;
}
