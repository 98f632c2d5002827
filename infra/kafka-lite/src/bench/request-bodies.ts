/**
 * Request bodies written with bare protocol frames, shared by the benchmark, the attacks and the tests
 * that need exact frames. Each returns a function that writes the body after the request header.
 */
import type { Writer } from '../protocol/writer';

/** Produce v3-v7 body: one record batch to partition 0 of `topic`. */
export function produceBody(topic: string, batch: Buffer, acks = 1): (w: Writer) => void {
  return (w) => {
    w.string(null).int16(acks).int32(1000);
    w.array([topic], (w, t) => {
      w.string(t);
      w.array([0], (w, p) => w.int32(p).bytes(batch));
    });
  };
}

/** Fetch v11 body for partition 0 of `topic` from `offset`. */
export function fetchBody(
  topic: string,
  offset: number,
  maxWaitMs: number,
  minBytes = 1,
  maxBytes = 1 << 20,
): (w: Writer) => void {
  return (w) => {
    w.int32(-1).int32(maxWaitMs).int32(minBytes).int32(maxBytes).int8(0).int32(0).int32(-1);
    w.array([topic], (w, t) => {
      w.string(t);
      w.array([0], (w, p) => w.int32(p).int32(-1).int64(offset).int64(-1).int32(maxBytes));
    });
    w.int32(0).string('');
  };
}
