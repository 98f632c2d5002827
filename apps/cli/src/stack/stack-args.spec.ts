import { parseStackArgs, StackUsageError } from './stack-args';

describe('parseStackArgs', () => {
  it('defaults to status', () => {
    expect(parseStackArgs([])).toEqual({ kind: 'status' });
    expect(parseStackArgs(['status'])).toEqual({ kind: 'status' });
  });

  it('reads an action and its service', () => {
    expect(parseStackArgs(['stop', 'inventory'])).toEqual({
      kind: 'action',
      action: 'stop',
      service: 'inventory',
      env: {},
    });
    expect(
      parseStackArgs(['start', 'notification', '--env', 'NOTIFICATION_FAIL_RECIPIENTS=a@b.c,d@e.f']),
    ).toMatchObject({
      env: { NOTIFICATION_FAIL_RECIPIENTS: 'a@b.c,d@e.f' },
    });
    expect(parseStackArgs(['resume', 'order-service'])).toMatchObject({ action: 'resume' });
  });

  it('refuses an unknown action, a missing service and extra arguments', () => {
    expect(() => parseStackArgs(['restart', 'inventory'])).toThrow(
      new StackUsageError('unknown action "restart"'),
    );
    expect(() => parseStackArgs(['stop'])).toThrow('stop needs a service name');
    expect(() => parseStackArgs(['stop', 'a', 'b'])).toThrow('unexpected argument "b"');
    expect(() => parseStackArgs(['status', 'x'])).toThrow('unexpected argument "x"');
    expect(() => parseStackArgs(['stop', 'a', '--env', 'A=1'])).toThrow('unexpected argument "--env"');
    expect(() => parseStackArgs(['start', 'a', '--env', 'lower=1'])).toThrow('--env takes NAME=VALUE');
    expect(() => parseStackArgs(['start', 'a', '--env'])).toThrow('--env takes NAME=VALUE (got "")');
  });

  it('answers --help', () => {
    expect(parseStackArgs(['--help'])).toEqual({ kind: 'help' });
  });
});
