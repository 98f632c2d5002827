import { AppError } from '@commlab/errors';

import {
  canonicalJson,
  decideOnKey,
  errorToKeep,
  type IdempotencyRecord,
  keyInProgress,
  keyReused,
  parseIdempotencyKey,
  replayedError,
  requestFingerprint,
} from './idempotency-key';

const NOW = new Date('2026-12-06T12:00:00Z');
const later = (ms: number) => new Date(NOW.getTime() + ms);

function record(overrides: Partial<IdempotencyRecord> = {}): IdempotencyRecord {
  return {
    fingerprint: 'fp-a',
    claimId: 'claim-1',
    state: 'completed',
    response: { status: 201, body: { id: 'o-1' }, location: null },
    lockedUntil: later(60_000),
    expiresAt: later(86_400_000),
    ...overrides,
  };
}

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    return error instanceof AppError ? `${String(error.httpStatus)} ${error.code}` : 'not an AppError';
  }
  return undefined;
}

describe('parseIdempotencyKey', () => {
  it('takes no header as no key', () => {
    expect(parseIdempotencyKey(undefined)).toBeUndefined();
  });

  it.each([
    ['8e03978e-40d5-43e8-bc93-6894a57f9324', '8e03978e-40d5-43e8-bc93-6894a57f9324'],
    ['"8e03978e-40d5"', '8e03978e-40d5'],
    ['  padded  ', 'padded'],
    ['"say \\"hi\\" \\\\ bye"', 'say "hi" \\ bye'],
    ['a b~!', 'a b~!'],
    ['k'.repeat(255), 'k'.repeat(255)],
  ])('accepts %p as %p', (header, key) => {
    expect(parseIdempotencyKey(header)).toBe(key);
  });

  it.each([
    ['', 'empty'],
    ['""', 'an empty quoted string'],
    ['k'.repeat(256), '256 characters'],
    [`"${'k'.repeat(256)}"`, '256 characters once unquoted'],
    ['caf\u00e9', 'non-ASCII'],
    ['tab\there', 'a control character'],
    ['"bad"quote"', 'a bare quote inside the quoted string'],
    ['"bad\\escape"', 'an escape other than \\" and \\\\'],
  ])('rejects %p (%s) with 400 IDEMPOTENCY_KEY_INVALID naming the header', (header) => {
    expect(codeOf(() => parseIdempotencyKey(header))).toBe('400 IDEMPOTENCY_KEY_INVALID');
    try {
      parseIdempotencyKey(header);
    } catch (error) {
      expect((error as AppError).details).toEqual({ header: 'Idempotency-Key' });
      expect((error as AppError).message).toContain('Idempotency-Key');
    }
  });

  it('rejects the header sent twice', () => {
    expect(codeOf(() => parseIdempotencyKey(['a', 'b']))).toBe('400 IDEMPOTENCY_KEY_INVALID');
  });
});

describe('canonicalJson and requestFingerprint', () => {
  const body = { items: [{ sku: 'mug-red', quantity: 2 }], callbackUrl: 'https://shop.example/cb' };

  it('sorts object keys at every depth, keeps array order, drops undefined', () => {
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: 3 }, null], e: undefined })).toBe(
      '{"a":[{"c":3,"d":2},null],"b":1}',
    );
  });

  it('gives the same fingerprint for the same request whatever the key order', () => {
    const reordered = { callbackUrl: body.callbackUrl, items: [{ quantity: 2, sku: 'mug-red' }] };
    expect(requestFingerprint({ mode: 'sync', transport: 'grpc', body })).toBe(
      requestFingerprint({ mode: 'sync', transport: 'grpc', body: reordered }),
    );
    expect(requestFingerprint({ mode: 'sync', transport: 'grpc', body })).toMatch(/^[0-9a-f]{64}$/);
  });

  it('tells apart the body, the line order, the mode and the transport of a sync order', () => {
    const base = requestFingerprint({ mode: 'sync', transport: 'grpc', body });
    const others = [
      { mode: 'sync', transport: 'grpc', body: { items: [{ sku: 'mug-red', quantity: 3 }] } },
      { mode: 'sync', transport: 'rest', body },
      { mode: 'async', transport: 'grpc', body },
      {
        mode: 'sync',
        transport: 'grpc',
        body: {
          items: [
            { sku: 'a', quantity: 1 },
            { sku: 'b', quantity: 1 },
          ],
        },
      },
    ] as const;
    const fingerprints = others.map((request) => requestFingerprint(request));
    expect(new Set([base, ...fingerprints]).size).toBe(5);
    expect(
      requestFingerprint({
        mode: 'sync',
        transport: 'grpc',
        body: {
          items: [
            { sku: 'b', quantity: 1 },
            { sku: 'a', quantity: 1 },
          ],
        },
      }),
    ).not.toBe(fingerprints[3]);
  });

  it('tells a choreographed async order apart; an orchestrated one keeps the fingerprint it always had', () => {
    const before = requestFingerprint({ mode: 'async', transport: 'grpc', body });
    expect(requestFingerprint({ mode: 'async', transport: 'grpc', saga: 'orchestration', body })).toBe(
      before,
    );
    expect(requestFingerprint({ mode: 'async', transport: 'grpc', saga: 'choreography', body })).not.toBe(
      before,
    );
  });

  it('ignores ?transport= for an async order (it always goes over RabbitMQ)', () => {
    expect(requestFingerprint({ mode: 'async', transport: 'grpc', body })).toBe(
      requestFingerprint({ mode: 'async', transport: 'kafka', body }),
    );
  });
});

describe('decideOnKey', () => {
  it('proceeds (inserting) when the key is new', () => {
    expect(decideOnKey(undefined, 'fp-a', NOW)).toEqual({ action: 'proceed', takeOver: null });
  });

  it('replays the first response of the same request', () => {
    expect(decideOnKey(record(), 'fp-a', NOW)).toEqual({
      action: 'replay',
      response: { status: 201, body: { id: 'o-1' }, location: null },
    });
  });

  it('refuses the key for a different request (422), finished or still running', () => {
    expect(decideOnKey(record(), 'fp-b', NOW)).toEqual({ action: 'reused' });
    expect(decideOnKey(record({ state: 'in_progress', response: null }), 'fp-b', NOW)).toEqual({
      action: 'reused',
    });
  });

  it('answers in progress (409, retry after 1 s) while the first request holds its claim', () => {
    expect(decideOnKey(record({ state: 'in_progress', response: null }), 'fp-a', NOW)).toEqual({
      action: 'in_progress',
      retryAfterSeconds: 1,
    });
  });

  it('takes over a claim whose lease lapsed (its instance died), comparing on the old claim id', () => {
    const lapsed = record({ state: 'in_progress', response: null, lockedUntil: NOW });
    expect(decideOnKey(lapsed, 'fp-a', NOW)).toEqual({ action: 'proceed', takeOver: 'claim-1' });
  });

  it('treats an expired key as new, whatever it held', () => {
    expect(decideOnKey(record({ expiresAt: NOW }), 'fp-a', NOW)).toEqual({
      action: 'proceed',
      takeOver: 'claim-1',
    });
    expect(decideOnKey(record({ expiresAt: later(-1) }), 'fp-b', NOW)).toEqual({
      action: 'proceed',
      takeOver: 'claim-1',
    });
  });
});

describe('errorToKeep and replayedError', () => {
  it('keeps a final client error and replays it with the same status, code, message and details', () => {
    const outOfStock = new AppError({
      code: 'OUT_OF_STOCK',
      kind: 'failed_precondition',
      message: 'not enough stock for poster-async',
      details: { skus: ['poster-async'] },
    });
    const kept = errorToKeep(outOfStock);
    expect(kept).toEqual({
      status: 409,
      body: {
        code: 'OUT_OF_STOCK',
        kind: 'failed_precondition',
        message: 'not enough stock for poster-async',
        details: { skus: ['poster-async'] },
      },
      location: null,
    });
    const replayed = replayedError(JSON.parse(JSON.stringify(kept)) as NonNullable<typeof kept>);
    expect([replayed.httpStatus, replayed.code, replayed.message, replayed.details]).toEqual([
      409,
      'OUT_OF_STOCK',
      'not enough stock for poster-async',
      { skus: ['poster-async'] },
    ]);
  });

  it('forgets 5xx, retriable 4xx and unexpected errors, so a retry runs again', () => {
    const unavailable = new AppError({ code: 'INVENTORY_UNAVAILABLE', kind: 'unavailable', message: 'down' });
    const busy = new AppError({ code: 'BUSY', kind: 'rate_limited', message: 'slow down' });
    const internal = new AppError({ code: 'BUG', kind: 'internal', message: 'oops' });
    for (const error of [unavailable, busy, internal, keyInProgress(1), new Error('boom'), 'text']) {
      expect(errorToKeep(error)).toBeNull();
    }
  });

  it('names the codes of a reused key (422) and a key in progress (409 with Retry-After)', () => {
    expect([keyReused().httpStatus, keyReused().code]).toEqual([422, 'IDEMPOTENCY_KEY_REUSED']);
    const inProgress = keyInProgress(1);
    expect([inProgress.httpStatus, inProgress.code, inProgress.retryAfterSeconds]).toEqual([
      409,
      'IDEMPOTENCY_KEY_IN_PROGRESS',
      1,
    ]);
  });
});
