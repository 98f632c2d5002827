import { ConfigError } from '@commlab/config';

import { DEV_SERVICE_CLIENTS, secretMatches, serviceClients } from './service-clients';

const own = [
  { id: 'commlab-bench', secret: 'a-production-secret-of-enough-length', scopes: ['stock:adjust'] },
];

describe('service clients (AUTH_CLIENTS)', () => {
  it('are the dev-only clients when unset in development and test, none in production', () => {
    expect(serviceClients({ COMMLAB_ENV: 'development' })).toEqual(DEV_SERVICE_CLIENTS);
    expect(serviceClients({ COMMLAB_ENV: 'test' })).toEqual(DEV_SERVICE_CLIENTS);
    expect(serviceClients({ COMMLAB_ENV: 'production' })).toEqual([]);
  });

  it('reads a JSON list, and refuses a malformed one without echoing the secrets', () => {
    expect(serviceClients({ COMMLAB_ENV: 'production', AUTH_CLIENTS: JSON.stringify(own) })).toEqual(own);
    for (const bad of [
      'not json',
      '[{"id":"x","secret":"short","scopes":["stock:adjust"]}]',
      '[{"id":"x"}]',
    ]) {
      expect(() => serviceClients({ COMMLAB_ENV: 'development', AUTH_CLIENTS: bad })).toThrow(ConfigError);
      try {
        serviceClients({ COMMLAB_ENV: 'development', AUTH_CLIENTS: bad });
      } catch (error) {
        expect((error as Error).message).toContain('AUTH_CLIENTS: expected a JSON array');
        expect((error as Error).message).not.toContain('short');
      }
    }
  });

  it('refuses the public dev-only secrets and duplicate ids in production', () => {
    const dev = JSON.stringify(DEV_SERVICE_CLIENTS);
    expect(() => serviceClients({ COMMLAB_ENV: 'production', AUTH_CLIENTS: dev })).toThrow(
      'secrets of your own in production',
    );
    expect(serviceClients({ COMMLAB_ENV: 'development', AUTH_CLIENTS: dev })).toEqual(DEV_SERVICE_CLIENTS);
    expect(() =>
      serviceClients({ COMMLAB_ENV: 'production', AUTH_CLIENTS: JSON.stringify([...own, ...own]) }),
    ).toThrow('each client id once');
  });

  it('compares secrets exactly', () => {
    const [client] = own;
    expect(secretMatches(client!, 'a-production-secret-of-enough-length')).toBe(true);
    expect(secretMatches(client!, 'a-production-secret-of-enough-lengtH')).toBe(false);
    expect(secretMatches(client!, '')).toBe(false);
  });
});
