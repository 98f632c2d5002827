import { FrameDecoder } from './frame-decoder';

function frame(body: Buffer): Buffer {
  const size = Buffer.alloc(4);
  size.writeInt32BE(body.length);
  return Buffer.concat([size, body]);
}

describe('FrameDecoder', () => {
  it('cuts small frames out of arbitrary chunks', () => {
    const d = new FrameDecoder(1 << 20, 1024);
    const stream = Buffer.concat([frame(Buffer.alloc(20, 1)), frame(Buffer.alloc(30, 2))]);
    for (let i = 0; i < stream.length; i += 7) d.push(stream.subarray(i, i + 7));
    const first = d.next();
    expect(first).toMatchObject({ kind: 'frame', reserved: 0 });
    expect(first.kind === 'frame' && first.frame).toEqual(Buffer.alloc(20, 1));
    const second = d.next();
    expect(second.kind === 'frame' && second.frame).toEqual(Buffer.alloc(30, 2));
    expect(d.next()).toEqual({ kind: 'more' });
    expect(d.heldBytes).toBe(0);
  });

  it('asks for a reservation before reading a large frame, then fills one buffer of its size', () => {
    const d = new FrameDecoder(1 << 20, 64);
    const body = Buffer.alloc(5000, 7);
    const bytes = Buffer.concat([frame(body), frame(Buffer.alloc(12, 3))]);
    d.push(bytes.subarray(0, 100));
    expect(d.next()).toEqual({ kind: 'reserve', size: 5000 });
    d.beginLarge();
    expect(d.inLargeFrame).toBe(true);
    expect(d.next()).toEqual({ kind: 'more' });
    d.push(bytes.subarray(100));
    const large = d.next();
    expect(large).toMatchObject({ kind: 'frame', reserved: 5000 });
    expect(large.kind === 'frame' && large.frame.equals(body)).toBe(true);
    expect(d.next()).toMatchObject({ kind: 'frame', reserved: 0 });
  });

  it('reports sizes outside the limits and forgets everything on clear', () => {
    const d = new FrameDecoder(1000, 64);
    d.push(Buffer.from([0, 0, 0x10, 0]));
    expect(d.next()).toEqual({ kind: 'bad-size', size: 4096 });
    const e = new FrameDecoder(1000, 64);
    e.push(Buffer.from([0, 0, 0, 3, 1, 2]));
    expect(e.next()).toEqual({ kind: 'bad-size', size: 3 });
    e.clear();
    expect(e.heldBytes).toBe(0);
  });
});
