import type { Migration } from '@commlab/persistence';

/** auth-service's schema. Applied migrations never change: add a new one instead. */
export const AUTH_MIGRATIONS: readonly Migration[] = [
  {
    id: '001_create_users',
    sql: `CREATE TABLE users (
            id uuid PRIMARY KEY,
            email text NOT NULL UNIQUE,
            password_hash text NOT NULL,
            created_at timestamptz NOT NULL DEFAULT now()
          );`,
  },
  {
    id: '002_create_signing_keys',
    sql: `CREATE TABLE signing_keys (
            kid text PRIMARY KEY,
            private_jwk jsonb NOT NULL,
            public_jwk jsonb NOT NULL,
            created_at timestamptz NOT NULL DEFAULT now()
          );`,
  },
  {
    id: '003_create_login_failures',
    sql: `CREATE TABLE login_failures (
            email text PRIMARY KEY,
            attempts integer NOT NULL,
            window_started_ms bigint NOT NULL
          );
          CREATE INDEX login_failures_window_started_ms ON login_failures (window_started_ms);`,
  },
];
