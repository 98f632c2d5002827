/** Where a command writes: injected so tests can read what a user would see. */
export interface CommandIo {
  out: (line: string) => void;
  err: (line: string) => void;
}
