/** gRPC's length-prefixed message: 1 byte "not compressed", 4 bytes big-endian length, the protobuf. */
export function frame(message: Uint8Array): Buffer {
  const framed = Buffer.alloc(5 + message.length);
  framed.writeUInt32BE(message.length, 1);
  framed.set(message, 5);
  return framed;
}

export function unframe(body: Buffer): Buffer {
  if (body.length < 5 || body.readUInt32BE(1) !== body.length - 5) throw new Error('not one gRPC message');
  return body.subarray(5);
}

export function collect(stream: NodeJS.ReadableStream): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => {
      resolve(Buffer.concat(chunks));
    });
    stream.on('error', reject);
  });
}
