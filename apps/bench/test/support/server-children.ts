import { readdirSync, readFileSync } from 'node:fs';

/** This process's children that run a bench server process's entry (`*-server-child.ts`), by pid. */
export function serverChildren(): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .filter((pid) => {
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
        return (
          parent === process.pid && readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('-server-child.')
        );
      } catch {
        return false;
      }
    })
    .map(Number);
}
