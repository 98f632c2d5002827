import { createServer } from 'node:net';

import { STACK_PORT_VARIABLES } from '@commlab/contracts';

import { stackPorts } from './stack-ports';

describe('stackPorts', () => {
  it('gives every port variable a distinct free port below the ephemeral range', async () => {
    const ports = await stackPorts();
    expect(Object.keys(ports)).toEqual([...STACK_PORT_VARIABLES]);
    const numbers = Object.values(ports).map(Number);
    expect(new Set(numbers).size).toBe(numbers.length);
    for (const port of numbers) {
      expect(port).toBeGreaterThanOrEqual(20_000);
      expect(port).toBeLessThan(32_768);
      await new Promise<void>((resolve, reject) => {
        const server = createServer();
        server.once('error', reject);
        server.listen({ host: '127.0.0.1', port }, () => {
          server.close(() => {
            resolve();
          });
        });
      });
    }
  });
});
