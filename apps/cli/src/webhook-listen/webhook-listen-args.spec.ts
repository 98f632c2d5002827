import { generateWebhookSecret } from '@commlab/webhooks';

import { parseWebhookListenArgs, UsageError } from './webhook-listen-args';

describe('parseWebhookListenArgs', () => {
  it('defaults to 127.0.0.1, the configured port and no script', () => {
    expect(parseWebhookListenArgs([])).toEqual({
      host: '127.0.0.1',
      respond: [],
      newSecret: false,
      help: false,
    });
  });

  it('reads --port, --host, --secret and --respond in both forms', () => {
    const secret = generateWebhookSecret();
    expect(
      parseWebhookListenArgs([
        '--port',
        '4001',
        `--secret=${secret}`,
        '--respond',
        '500,500,200',
        '--host=0.0.0.0',
      ]),
    ).toEqual({
      port: 4001,
      host: '0.0.0.0',
      secret,
      respond: [500, 500, 200],
      newSecret: false,
      help: false,
    });
  });

  it.each([
    [['--port'], /--port needs a value/],
    [['--port', 'x'], /--port must be/],
    [['--secret', 'hunter2'], /not a Standard Webhooks secret/],
    [['--respond', '500,abc'], /--respond takes HTTP statuses/],
    [['--respond', '100'], /--respond takes HTTP statuses/],
    [['--verbose'], /unexpected argument "--verbose"/],
  ])('refuses %j', (argv, message) => {
    expect(() => parseWebhookListenArgs(argv)).toThrow(UsageError);
    expect(() => parseWebhookListenArgs(argv)).toThrow(message);
  });
});
