import { connectFailure, RabbitMqUnreachableError } from './rabbitmq-unreachable-error';

describe('connectFailure', () => {
  it("turns amqp-connection-manager's { err, url } into a RabbitMqUnreachableError naming the reason, not the URL", () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5672'), { code: 'ECONNREFUSED' });
    const error = connectFailure({ err: refused, url: 'amqp://user:secret@127.0.0.1:5672' });
    expect(error).toBeInstanceOf(RabbitMqUnreachableError);
    expect(error).toMatchObject({
      code: 'RABBITMQ_UNREACHABLE',
      message: 'RabbitMQ unreachable: ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:5672',
      cause: refused,
    });
    expect((error as Error).message).not.toContain('secret');
  });

  it('leaves any other rejection as it is', () => {
    const lost = 'Error: Connection lost. Trying to reconnect...';
    expect(connectFailure(lost)).toBe(lost);
    const error = new Error('other');
    expect(connectFailure(error)).toBe(error);
  });
});
