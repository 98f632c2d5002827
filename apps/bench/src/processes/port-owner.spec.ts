import { listeningInodes } from './port-owner';

const PROC_NET_TCP = [
  '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode',
  // 127.0.0.1:6379 listening
  '   0: 0100007F:18EB 00000000:0000 0A 00000000:00000000 00:00000000 00000000   108        0 23456 1 0000000000000000 100 0 0 10 0',
  // 127.0.0.1:6379 → an established connection to it (not a listener)
  '   1: 0100007F:18EB 0100007F:9C40 01 00000000:00000000 00:00000000 00000000   108        0 34567 1 0000000000000000 20 4 30 10 -1',
  // 0.0.0.0:5672 listening
  '   2: 00000000:1628 00000000:0000 0A 00000000:00000000 00:00000000 00000000   112        0 45678 1 0000000000000000 100 0 0 10 0',
  '',
].join('\n');

describe('listeningInodes', () => {
  it("finds the inode of the socket listening on a port, not those of the port's connections", () => {
    expect(listeningInodes(PROC_NET_TCP, 6379)).toEqual(['23456']);
    expect(listeningInodes(PROC_NET_TCP, 5672)).toEqual(['45678']);
  });

  it('finds none when nothing listens on the port', () => {
    expect(listeningInodes(PROC_NET_TCP, 5432)).toEqual([]);
    expect(listeningInodes('', 5432)).toEqual([]);
  });
});
