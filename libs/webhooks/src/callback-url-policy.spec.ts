import { AppError } from '@commlab/errors';

import { type CallbackUrlPolicy, checkCallbackUrl, type HostLookup } from './callback-url-policy';

/** Tests never resolve names: a test that forgets to inject a lookup fails instead of asking DNS. */
const noDns: HostLookup = (hostname) =>
  Promise.reject(new Error(`test tried to resolve ${hostname}: inject a lookup`));

const strict: CallbackUrlPolicy = { allowLoopback: false, allowPrivate: false, lookup: noDns };
const loopbackOnly: CallbackUrlPolicy = { allowLoopback: true, allowPrivate: false, lookup: noDns };

function resolvingTo(...addresses: string[]): jest.MockedFunction<HostLookup> {
  return jest.fn<ReturnType<HostLookup>, Parameters<HostLookup>>(() =>
    Promise.resolve(addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }))),
  );
}

async function refusal(url: string, policy: CallbackUrlPolicy = strict): Promise<AppError> {
  const error: unknown = await checkCallbackUrl(url, policy).then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof AppError)) throw new Error(`expected an AppError for ${url}`);
  return error;
}

describe('checkCallbackUrl', () => {
  it('accepts a public host and returns the addresses to pin', async () => {
    const lookup = resolvingTo('93.184.216.34');
    const checked = await checkCallbackUrl('https://hooks.example.com/cb?x=1', { ...strict, lookup });
    expect(checked.hostname).toBe('hooks.example.com');
    expect(checked.addresses).toEqual([{ address: '93.184.216.34', family: 4 }]);
    expect(lookup).toHaveBeenCalledWith('hooks.example.com');
  });

  it.each(['file:///etc/passwd', 'ftp://example.com/x', 'gopher://127.0.0.1:6379/_', 'javascript:alert(1)'])(
    'refuses the scheme of %s',
    async (url) => {
      const error = await refusal(url);
      expect(error).toMatchObject({ code: 'CALLBACK_URL_INVALID', kind: 'invalid_argument' });
    },
  );

  it.each([
    'http://user:pass@hooks.example.com/',
    'https://token@hooks.example.com/cb',
    'http://:pw@1.2.3.4/',
  ])('refuses credentials in %s before resolving anything', async (url) => {
    const lookup = resolvingTo('93.184.216.34');
    const error = await refusal(url, { ...strict, lookup });
    expect(error).toMatchObject({ code: 'CALLBACK_URL_INVALID', kind: 'invalid_argument' });
    expect(error.message).toMatch(/credentials/);
    expect(JSON.stringify(error.details)).not.toMatch(/pass|token|pw/);
    expect(lookup).not.toHaveBeenCalled();
  });

  it('refuses an IPv4-compatible loopback even when loopback receivers are allowed', async () => {
    expect(await refusal('http://[::127.0.0.1]:4000/', loopbackOnly)).toMatchObject({
      code: 'CALLBACK_URL_REFUSED',
    });
  });

  it('refuses something that is not a URL', async () => {
    expect(await refusal('not a url')).toMatchObject({ code: 'CALLBACK_URL_INVALID' });
  });

  it.each([
    ['http://10.0.0.1/', '10.0.0.1', 'private'],
    ['http://169.254.169.254/latest/meta-data/', '169.254.169.254', 'linkLocal'],
    ['http://127.0.0.1:4000/', '127.0.0.1', 'loopback'],
    ['http://[::1]/', '::1', 'loopback'],
    ['http://[::ffff:a00:1]/', '10.0.0.1', 'private'],
    ['http://0x7f.1/', '127.0.0.1', 'loopback'],
    ['http://2130706433/', '127.0.0.1', 'loopback'],
    ['http://0.0.0.0/', '0.0.0.0', 'unspecified'],
    ['http://100.64.1.1/', '100.64.1.1', 'carrierGradeNat'],
    ['http://[::127.0.0.1]:4000/', '::7f00:1', 'ipv4Compatible(loopback)'],
    ['http://[::ffff:0:a9fe:a9fe]/', '::ffff:0:a9fe:a9fe', 'ipv4Translated(linkLocal)'],
    ['http://[64:ff9b::127.0.0.1]/', '64:ff9b::7f00:1', 'nat64(loopback)'],
    ['http://[2002:a00:1::1]/', '2002:a00:1::1', '6to4(private)'],
    ['http://[2001:0:7f00:1:8000:63bf:a247:2ddd]/', '2001:0:7f00:1:8000:63bf:a247:2ddd', 'teredo(loopback)'],
  ])('refuses %s (%s, %s) without resolving anything', async (url, address, range) => {
    const lookup = resolvingTo('93.184.216.34');
    const error = await refusal(url, { ...strict, lookup });
    expect(error).toMatchObject({ code: 'CALLBACK_URL_REFUSED', kind: 'invalid_argument', retriable: false });
    expect(error.details).toMatchObject({ address, range });
    expect(lookup).not.toHaveBeenCalled();
  });

  it('refuses a host name that resolves to a private address', async () => {
    const error = await refusal('http://internal.example.com/', {
      ...strict,
      lookup: resolvingTo('10.1.2.3'),
    });
    expect(error.details).toEqual({
      host: 'internal.example.com',
      address: '10.1.2.3',
      range: 'private',
      category: 'private',
    });
  });

  it('refuses a name when any of its addresses is refused, not only the first', async () => {
    const lookup = resolvingTo('93.184.216.34', '169.254.169.254');
    expect(await refusal('http://mixed.example.com/', { ...strict, lookup })).toMatchObject({
      code: 'CALLBACK_URL_REFUSED',
      details: { address: '169.254.169.254' },
    });
  });

  it('allows loopback and private only when the policy says so; link-local never', async () => {
    await expect(checkCallbackUrl('http://127.0.0.1:4000/', loopbackOnly)).resolves.toMatchObject({
      hostname: '127.0.0.1',
    });
    await expect(checkCallbackUrl('http://[::1]:4000/', loopbackOnly)).resolves.toMatchObject({
      hostname: '::1',
    });
    expect(await refusal('http://10.0.0.1/', loopbackOnly)).toMatchObject({
      code: 'CALLBACK_URL_REFUSED',
    });
    await expect(
      checkCallbackUrl('http://10.0.0.1/', { allowLoopback: false, allowPrivate: true, lookup: noDns }),
    ).resolves.toBeDefined();
    expect(
      await refusal('http://169.254.169.254/', { allowLoopback: true, allowPrivate: true, lookup: noDns }),
    ).toMatchObject({
      code: 'CALLBACK_URL_REFUSED',
    });
  });

  it('reports a name that does not resolve as retriable', async () => {
    const lookup: HostLookup = () => Promise.reject(Object.assign(new Error('nope'), { code: 'ENOTFOUND' }));
    expect(await refusal('http://nowhere.invalid/', { ...strict, lookup })).toMatchObject({
      code: 'CALLBACK_HOST_UNRESOLVED',
      kind: 'unavailable',
      retriable: true,
    });
    expect(await refusal('http://empty.example/', { ...strict, lookup: resolvingTo() })).toMatchObject({
      code: 'CALLBACK_HOST_UNRESOLVED',
    });
  });
});
