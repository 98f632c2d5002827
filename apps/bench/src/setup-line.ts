/** What the setup phase took, as the bench says it on stderr. */
export interface SetupFigures {
  /** Rows set up (the harness's included), failed ones too. */
  rows: number;
  seconds: number;
  /** Server processes started while setting them up (kafka-lite included). */
  serverProcesses: number;
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 'es'.slice(noun.endsWith('s') ? 0 : 1)}`;
}

/** The line the bench prints once every row is set up, e.g. `bench: 15 rows set up in 21.3 s (…)`. Pure. */
export function setupLine(figures: SetupFigures): string {
  return `bench: ${count(figures.rows, 'row')} set up in ${figures.seconds.toFixed(1)} s (${count(figures.serverProcesses, 'server process')})`;
}
