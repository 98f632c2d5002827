import { setupLine } from './setup-line';

describe('setupLine', () => {
  it('says how many rows were set up, in how long, with how many server processes', () => {
    expect(setupLine({ rows: 15, seconds: 21.34, serverProcesses: 14 })).toBe(
      'bench: 15 rows set up in 21.3 s (14 server processes)',
    );
    expect(setupLine({ rows: 1, seconds: 0.04, serverProcesses: 1 })).toBe(
      'bench: 1 row set up in 0.0 s (1 server process)',
    );
  });
});
