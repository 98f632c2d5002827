import { ConfigError, loadConfig } from '@commlab/config';
import { STACK_PORT_VARIABLES } from '@commlab/contracts';

import { startConfigSchema } from './start.config';

describe('startConfigSchema: restarting crashed services', () => {
  it('restarts with a 30 s cap unless told otherwise', () => {
    expect(loadConfig(startConfigSchema, {})).toMatchObject({
      RESTART_ON_CRASH: true,
      RESTART_MAX_BACKOFF_MS: 30_000,
    });
    expect(
      loadConfig(startConfigSchema, { RESTART_ON_CRASH: 'false', RESTART_MAX_BACKOFF_MS: '5000' }),
    ).toMatchObject({ RESTART_ON_CRASH: false, RESTART_MAX_BACKOFF_MS: 5_000 });
  });

  it('names the variable and the allowed range of a cap below the first wait, above an hour or not a number', () => {
    for (const bad of ['499', '3600001', 'soon', '1.5']) {
      expect(() => loadConfig(startConfigSchema, { RESTART_MAX_BACKOFF_MS: bad })).toThrow(
        `RESTART_MAX_BACKOFF_MS: expected milliseconds, from 500 (the first wait) to 3600000; got "${bad}"`,
      );
    }
    expect(() => loadConfig(startConfigSchema, { RESTART_ON_CRASH: 'maybe' })).toThrow(ConfigError);
    expect(() => loadConfig(startConfigSchema, { RESTART_ON_CRASH: 'maybe' })).toThrow(
      /RESTART_ON_CRASH: expected a boolean/,
    );
  });
});

describe('startConfigSchema: its ports', () => {
  it('reads exactly the port variables a stack of its own moves (STACK_PORT_VARIABLES)', () => {
    const portSettings = Object.keys(startConfigSchema.shape).filter((name) => name.endsWith('_PORT'));
    expect(portSettings.sort()).toEqual([...STACK_PORT_VARIABLES].sort());
  });
});
