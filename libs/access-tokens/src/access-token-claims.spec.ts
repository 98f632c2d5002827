import { AppError } from '@commlab/errors';

import { checkAccessTokenClaims } from './access-token-claims';

const NOW = 1_800_000_000;
const expected = { issuer: 'commlab-auth', audience: 'commlab', nowSeconds: NOW };
const USER_ID = '6f1c1f40-8a39-4a8e-9c55-5b0f3b2a9d11';

const userClaims = (overrides: Record<string, unknown> = {}) => ({
  iss: 'commlab-auth',
  aud: 'commlab',
  sub: USER_ID,
  email: 'alice@example.com',
  scope: 'orders:read orders:write',
  iat: NOW - 10,
  exp: NOW + 900,
  jti: 'j',
  ...overrides,
});

const serviceClaims = (overrides: Record<string, unknown> = {}) => ({
  iss: 'commlab-auth',
  aud: 'commlab',
  sub: 'order-service',
  client_id: 'order-service',
  scope: 'stock:reserve',
  iat: NOW - 10,
  exp: NOW + 300,
  ...overrides,
});

function refusal(payload: unknown): AppError {
  try {
    checkAccessTokenClaims(payload, expected);
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('the claims were accepted');
}

describe('checkAccessTokenClaims', () => {
  it('accepts what auth-service issues to a user', () => {
    expect(checkAccessTokenClaims(userClaims(), expected)).toEqual({
      kind: 'user',
      sub: USER_ID,
      email: 'alice@example.com',
      scopes: ['orders:read', 'orders:write'],
      expiresAtUnixSeconds: NOW + 900,
    });
  });

  it('accepts what auth-service issues to a service, and an audience list that contains commlab', () => {
    expect(checkAccessTokenClaims(serviceClaims({ aud: ['other', 'commlab'] }), expected)).toEqual({
      kind: 'service',
      sub: 'order-service',
      clientId: 'order-service',
      scopes: ['stock:reserve'],
      expiresAtUnixSeconds: NOW + 300,
    });
  });

  it('accepts an empty scope as granting nothing (the scope check refuses later, 403)', () => {
    expect(checkAccessTokenClaims(userClaims({ scope: '' }), expected).scopes).toEqual([]);
  });

  it.each([
    ['sub a number', userClaims({ sub: 123 }), '"sub"'],
    ['sub missing', userClaims({ sub: undefined }), '"sub"'],
    ['sub not a user id', userClaims({ sub: 'alice' }), 'user id'],
    ['sub an empty string', userClaims({ sub: '' }), 'user id'],
    ['scope an unknown name', userClaims({ scope: 'admin' }), 'unknown scopes'],
    ['scope a list', userClaims({ scope: ['orders:read'] }), 'space-separated'],
    ['scope missing', userClaims({ scope: undefined }), 'space-separated'],
    ['scope with a double space', userClaims({ scope: 'orders:read  orders:write' }), 'unknown scopes'],
    ['a user token granting a service scope', userClaims({ scope: 'stock:reserve' }), 'a user token'],
    ['a service token granting a user scope', serviceClaims({ scope: 'orders:write' }), 'a service token'],
    ['client_id other than sub', serviceClaims({ client_id: 'commlab-bench' }), 'client_id'],
    ['client_id a number', serviceClaims({ client_id: 7 }), 'client_id'],
    ['email missing on a user token', userClaims({ email: undefined }), '"email"'],
    ['another issuer', userClaims({ iss: 'evil' }), '"iss"'],
    ['another audience', userClaims({ aud: 'other' }), '"aud"'],
    ['an empty audience list', userClaims({ aud: [] }), '"aud"'],
    ['expired', userClaims({ exp: NOW }), 'expired'],
    ['exp a string', userClaims({ exp: String(NOW + 900) }), '"exp"'],
    ['exp a fraction', userClaims({ exp: NOW + 0.5 }), '"exp"'],
    ['a payload that is not an object', 'orders:write', 'JSON object'],
  ])('refuses %s with 401 TOKEN_INVALID', (_case, payload, reason) => {
    const error = refusal(payload);
    expect(error).toMatchObject({ code: 'TOKEN_INVALID', kind: 'unauthenticated', httpStatus: 401 });
    expect(error.message).toContain(reason);
  });
});
