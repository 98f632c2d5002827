import { accessLogLevel } from './logger-options';

describe('accessLogLevel', () => {
  it('logs successes at debug, client errors as warnings, server errors and aborted requests as errors', () => {
    expect(accessLogLevel(200, undefined)).toBe('debug');
    expect(accessLogLevel(201, undefined)).toBe('debug');
    expect(accessLogLevel(304, undefined)).toBe('debug');
    expect(accessLogLevel(400, undefined)).toBe('warn');
    expect(accessLogLevel(404, undefined)).toBe('warn');
    expect(accessLogLevel(500, undefined)).toBe('error');
    expect(accessLogLevel(503, undefined)).toBe('error');
    expect(accessLogLevel(200, new Error('socket hang up'))).toBe('error');
  });
});
