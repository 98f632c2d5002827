import { humanDuration, supervisorFeedLine, supervisorLine } from './supervisor-report';

const crash = {
  kind: 'crashed' as const,
  name: 'notification-service',
  httpPort: 13003,
  reason: 'SIGKILL',
  logFile: '.data/logs/notification-service.log',
  upForMs: 12_300,
};
const decision = {
  delayMs: 500,
  attempt: 1,
  recentCrashes: 1,
  crashLoop: false,
  history: { attempt: 1, crashTimes: [0] },
};

describe('supervisorLine', () => {
  it('says a crashed service is restarted, when, and where its log is', () => {
    expect(supervisorLine({ ...crash, restart: decision }, 120_000)).toEqual({
      stream: 'err',
      text: 'commlab start: notification-service crashed (SIGKILL) after 12.3 s up; restarting in 0.5 s (restart 1). Log: .data/logs/notification-service.log',
    });
  });

  it('names a crash loop, the retry interval and how to stop retrying', () => {
    const { text } = supervisorLine(
      {
        ...crash,
        upForMs: 0,
        restart: { ...decision, delayMs: 30_000, attempt: 5, recentCrashes: 5, crashLoop: true },
      },
      120_000,
    );
    expect(text).toBe(
      'commlab start: notification-service crashed (SIGKILL); CRASH LOOP: 5 crashes within 2 min — restarting in 30 s (restart 5), then every 30 s while it keeps crashing. Look at .data/logs/notification-service.log; "pnpm stack stop notification-service" stops retrying.',
    );
  });

  it('says a crashed service stays stopped when restarting is off', () => {
    expect(supervisorLine({ ...crash, restart: undefined }, 120_000).text).toContain(
      'not restarted (RESTART_ON_CRASH=false), the rest keeps running — "pnpm stack start notification-service" brings it back',
    );
  });

  it('prints a restart on stdout', () => {
    expect(
      supervisorLine(
        { kind: 'restarted', name: 'order-service', httpPort: 13002, pid: 42, attempt: 2 },
        120_000,
      ),
    ).toEqual({
      stream: 'out',
      text: 'commlab start: order-service restarted (restart 2, pid 42): healthy again',
    });
  });
});

describe('supervisorFeedLine', () => {
  it('posts a crash with its restart plan, and a restart', () => {
    expect(supervisorFeedLine({ ...crash, restart: decision })).toEqual({
      event: 'service.crashed',
      fields: {
        name: 'notification-service',
        httpPort: 13003,
        reason: 'SIGKILL',
        upForMs: 12_300,
        restartInMs: 500,
        attempt: 1,
        recentCrashes: 1,
        crashLoop: false,
      },
    });
    expect(supervisorFeedLine({ ...crash, restart: undefined }).fields).toMatchObject({
      restartInMs: null,
      crashLoop: false,
    });
    expect(
      supervisorFeedLine({ kind: 'restarted', name: 'order-service', httpPort: 13002, pid: 42, attempt: 2 }),
    ).toEqual({
      event: 'service.restarted',
      fields: { name: 'order-service', httpPort: 13002, pid: 42, attempt: 2 },
    });
  });
});

describe('humanDuration', () => {
  it('reads in seconds, then minutes', () => {
    expect([500, 1_000, 12_345, 89_000, 120_000, 3_600_000].map(humanDuration)).toEqual([
      '0.5 s',
      '1 s',
      '12.3 s',
      '89 s',
      '2 min',
      '60 min',
    ]);
  });
});
