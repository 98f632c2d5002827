import { PassThrough } from 'node:stream';

import { stdinEnded } from './stdin-ended';

describe('stdinEnded', () => {
  it('stays quiet while the pipe is open, whatever arrives on it, and aborts once it ends', async () => {
    const input = new PassThrough();
    const signal = stdinEnded(input);
    input.write('anything\n');
    await new Promise((resolve) => setImmediate(resolve));
    expect(signal.aborted).toBe(false);
    const aborted = new Promise((resolve) => {
      signal.addEventListener('abort', resolve, { once: true });
    });
    input.end();
    await aborted;
    expect(signal.aborted).toBe(true);
  });

  it('aborts when the pipe fails or is destroyed', () => {
    const failing = new PassThrough();
    const onFailure = stdinEnded(failing);
    failing.destroy(new Error('EPIPE'));
    return new Promise<void>((resolve) => {
      setImmediate(() => {
        expect(onFailure.aborted).toBe(true);
        resolve();
      });
    });
  });
});
