import { AppError } from '@commlab/errors';

import { devClientCredentials, isDevClientSecret, ServiceTokenSource } from './service-token-source';

function answer(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

describe('ServiceTokenSource (client credentials, cached)', () => {
  let now = 1_000_000;
  const fetchMock = jest.spyOn(globalThis, 'fetch');
  const source = () =>
    new ServiceTokenSource({
      authUrl: 'http://auth.invalid:1',
      client: devClientCredentials('order-service'),
      scope: 'stock:reserve',
      timeoutMs: 500,
      now: () => now,
    });

  afterEach(() => {
    fetchMock.mockReset();
  });
  afterAll(() => {
    fetchMock.mockRestore();
  });

  it('asks once with HTTP Basic and the scope, then serves the cached token until 30 s before expiry', async () => {
    let issued = 0;
    fetchMock.mockImplementation(() => {
      issued += 1;
      return Promise.resolve(
        answer(200, {
          access_token: `t${issued}`,
          token_type: 'Bearer',
          expires_in: 300,
          scope: 'stock:reserve',
        }),
      );
    });
    const tokens = source();
    const [a, b] = await Promise.all([tokens.token(), tokens.token()]);
    expect([a, b, issued]).toEqual(['t1', 't1', 1]);
    const [url, init] = fetchMock.mock.calls[0]!;
    expect((url as URL).href).toBe('http://auth.invalid:1/oauth/token');
    expect((init?.headers as Record<string, string>).authorization).toBe(
      `Basic ${Buffer.from('order-service:dev-only-order-service-secret').toString('base64')}`,
    );
    expect((init?.body as URLSearchParams).toString()).toBe(
      'grant_type=client_credentials&scope=stock%3Areserve',
    );

    now += 269_000;
    expect(await tokens.token()).toBe('t1');
    now += 1_000; // 270 s: 30 s before it expires
    expect(await tokens.token()).toBe('t2');
    tokens.forget();
    expect(await tokens.token()).toBe('t3');
  });

  it('refused credentials → SERVICE_CREDENTIALS_REFUSED; auth unreachable or broken → AUTH_UNAVAILABLE (503)', async () => {
    fetchMock.mockResolvedValueOnce(answer(401, { error: 'invalid_client' }));
    await expect(source().token()).rejects.toMatchObject({ code: 'SERVICE_CREDENTIALS_REFUSED' });
    fetchMock.mockRejectedValueOnce(new TypeError('fetch failed'));
    await expect(source().token()).rejects.toMatchObject({ code: 'AUTH_UNAVAILABLE', httpStatus: 503 });
    fetchMock.mockResolvedValueOnce(answer(200, { nothing: true }));
    const error: unknown = await source()
      .token()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'AUTH_UNAVAILABLE' });
  });

  it('knows the DEV-ONLY secrets', () => {
    expect(isDevClientSecret('dev-only-order-service-secret')).toBe(true);
    expect(isDevClientSecret('a-secret-of-your-own-that-is-long')).toBe(false);
  });
});
