import type { LookupAddress } from 'node:dns';

import { pinnedLookup } from './pinned-lookup';

const checked = {
  url: new URL('https://hooks.example.com/x'),
  hostname: 'hooks.example.com',
  addresses: [
    { address: '93.184.216.34', family: 4 as const },
    { address: '2606:2800:220:1::1', family: 6 as const },
  ],
};

function call(hostname: string, options: { all?: boolean; family?: number }) {
  return new Promise<{
    error: NodeJS.ErrnoException | null;
    address: string | LookupAddress[];
    family?: number;
  }>((resolve) => {
    pinnedLookup(checked)(hostname, options, (error, address, family) => {
      resolve({ error, address, ...(family === undefined ? {} : { family }) });
    });
  });
}

describe('pinnedLookup', () => {
  it('answers only with the checked addresses', async () => {
    expect(await call('hooks.example.com', { all: true })).toEqual({
      error: null,
      address: checked.addresses,
    });
    expect(await call('HOOKS.example.com', {})).toEqual({ error: null, address: '93.184.216.34', family: 4 });
    expect(await call('hooks.example.com', { family: 6 })).toEqual({
      error: null,
      address: '2606:2800:220:1::1',
      family: 6,
    });
  });

  it('refuses any other host name', async () => {
    const { error } = await call('metadata.google.internal', { all: true });
    expect(error?.code).toBe('ENOTFOUND');
  });
});
