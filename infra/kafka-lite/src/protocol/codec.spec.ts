import { crc32c } from './crc32c';
import { ProtocolError } from './errors';
import { readRequestHeader } from './header';
import { Reader } from './reader';
import { Writer } from './writer';

describe('Writer/Reader', () => {
  it('round-trips every primitive', () => {
    const w = new Writer(1);
    w.int8(-5)
      .int16(-300)
      .int32(2_000_000_000)
      .int64(9_007_199_254_740_991)
      .int64(-1)
      .bool(true)
      .string('héllo')
      .string(null)
      .string('')
      .bytes(Buffer.from([1, 2, 3]))
      .bytes(null)
      .bytesList([Buffer.from('ab'), Buffer.from('cd')])
      .array([1, 2, 3], (w, v) => w.int32(v))
      .array(null, (w, v: number) => w.int32(v));
    const r = new Reader(w.toBuffer());
    expect(r.int8()).toBe(-5);
    expect(r.int16()).toBe(-300);
    expect(r.int32()).toBe(2_000_000_000);
    expect(r.int64()).toBe(9_007_199_254_740_991);
    expect(r.int64()).toBe(-1);
    expect(r.bool()).toBe(true);
    expect(r.string()).toBe('héllo');
    expect(r.nullableString()).toBeNull();
    expect(r.string()).toBe('');
    expect(r.bytes()).toEqual(Buffer.from([1, 2, 3]));
    expect(r.nullableBytes()).toBeNull();
    expect(r.bytes().toString()).toBe('abcd');
    expect(r.array((x) => x.int32())).toEqual([1, 2, 3]);
    expect(r.nullableArray((x) => x.int32())).toBeNull();
    expect(r.remaining).toBe(0);
  });

  it('references large bytesList parts instead of copying them', () => {
    const big = Buffer.alloc(4096, 9);
    const w = new Writer(8)
      .int16(1)
      .bytesList([Buffer.from('ab'), big])
      .int8(5);
    const parts = w.toBuffers();
    expect(parts).toContain(big);
    expect(w.length).toBe(2 + 4 + 2 + 4096 + 1);
    const r = new Reader(w.toBuffer());
    expect(r.int16()).toBe(1);
    expect(r.bytes()).toEqual(Buffer.concat([Buffer.from('ab'), big]));
    expect(r.int8()).toBe(5);
  });

  it('reads a request header', () => {
    const w = new Writer().int16(3).int16(6).int32(42).string('client');
    expect(readRequestHeader(new Reader(w.toBuffer()))).toEqual({
      apiKey: 3,
      apiVersion: 6,
      correlationId: 42,
      clientId: 'client',
    });
  });

  it('throws MALFORMED_FRAME on truncated or inconsistent input', () => {
    const malformed = expect.objectContaining({ code: 'MALFORMED_FRAME' }) as Error;
    expect(() => new Reader(Buffer.from([0, 0, 1])).int32()).toThrow(malformed);
    expect(() => new Reader(Buffer.from([0, 10, 65])).string()).toThrow(malformed);
    expect(() => new Reader(Buffer.from([0xff, 0xf0])).string()).toThrow(malformed);
    expect(() => new Reader(Buffer.from([0, 0, 0, 9, 1])).bytes()).toThrow(ProtocolError);
  });

  it('rejects array counts larger than the remaining bytes', () => {
    const buf = new Writer().int32(1_000_000).toBuffer();
    expect(() => new Reader(buf).array((r) => r.int8())).toThrow(ProtocolError);
  });

  it('rejects a null string where one is required', () => {
    expect(() => new Reader(new Writer().string(null).toBuffer()).string()).toThrow(ProtocolError);
  });
});

describe('crc32c', () => {
  it('matches the standard check value', () => {
    expect(crc32c(Buffer.from('123456789'))).toBe(0xe3069283);
  });

  it('honours start and end', () => {
    expect(crc32c(Buffer.from('xx123456789yy'), 2, 11)).toBe(0xe3069283);
    expect(crc32c(Buffer.alloc(0))).toBe(0);
  });
});
