// @ts-check
import eslint from '@eslint/js';
import prettier from 'eslint-config-prettier';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** No deep imports across packages: import '@commlab/x', never '@commlab/x/src/...' or '../../libs/...'. */
const WORKSPACE_IMPORTS = [
  {
    // The one subpath entry: the side effect that starts tracing, first in every service's main.ts.
    group: ['@commlab/*/*', '!@commlab/tracing/register'],
    message: 'Import the package entry point (@commlab/<name>), not a file inside it.',
  },
  {
    group: ['**/libs/*', '**/apps/*', '**/infra/*'],
    message: 'Import workspace packages by name (@commlab/<name>).',
  },
];

const SERVICES = ['auth', 'inventory', 'notification', 'order', 'reporting'].map((name) => `${name}-service`);
const BROKER_CLIENTS = ['kafkajs', 'amqplib', 'amqp-connection-manager', 'ioredis'];
/** Every library's rule includes this one (a later flat-config entry replaces an earlier one's options). */
const NO_SERVICES = {
  packages: SERVICES.map((service) => `@commlab/${service}`),
  message: 'A library never imports a service.',
};

const ADAPTER_CLIENTS = {
  '@commlab/messaging-kafka': ['kafkajs'],
  '@commlab/messaging-rabbitmq': ['amqplib', 'amqp-connection-manager'],
  '@commlab/messaging-redis': ['ioredis'],
};
const ADAPTERS = ['@commlab/messaging-kafka', '@commlab/messaging-rabbitmq', '@commlab/messaging-redis'];

/** `no-restricted-imports` with the workspace rules plus `forbidden` packages (each with why). */
function restrictedImports(forbidden = []) {
  return [
    'error',
    {
      patterns: [
        ...WORKSPACE_IMPORTS,
        ...forbidden.map(({ packages, message }) => ({ group: packages, message })),
      ],
    },
  ];
}

/**
 * The dependency rules of the layers (docs/architecture.md, "Packages and their rules"): what a package may
 * import is what its place allows, so a wrong import fails `pnpm lint`, not a review.
 */
export const LAYER_RULES = [
  // First: the specific library rules below replace this one for their folders, and repeat it.
  {
    files: ['libs/**'],
    ignores: ['libs/testing/**'],
    forbidden: [],
  },
  {
    files: ['libs/resilience/src/**'],
    forbidden: [
      {
        packages: ['@commlab/*', '@nestjs/*', 'rxjs', ...BROKER_CLIENTS],
        message: '@commlab/resilience has no dependencies.',
      },
    ],
  },
  {
    files: ['libs/messaging/src/**'],
    forbidden: [
      {
        packages: ['@nestjs/*', 'rxjs', ...BROKER_CLIENTS, '@commlab/messaging-*', '@commlab/service-kit'],
        message:
          'The messaging core imports no framework and no broker client: put that code in an adapter or @commlab/messaging-nest.',
      },
      {
        // The API is a no-op until an SDK is registered: the core traces without choosing one.
        packages: ['@opentelemetry/*', '!@opentelemetry/api'],
        message:
          "The messaging core uses OpenTelemetry's vendor-neutral API only (@opentelemetry/api); the SDK and the instrumentations are set up once per process by @commlab/tracing.",
      },
    ],
  },
  ...ADAPTERS.map((adapter) => ({
    files: [`libs/${adapter.slice('@commlab/'.length)}/src/**`],
    forbidden: [
      {
        packages: [
          ...ADAPTERS.filter((other) => other !== adapter),
          '@commlab/messaging-nest',
          '@commlab/service-kit',
        ],
        message:
          'A broker adapter depends on the messaging core only, never on another adapter or a binding.',
      },
      {
        packages: BROKER_CLIENTS.filter((client) => !ADAPTER_CLIENTS[adapter].includes(client)),
        message: 'A broker adapter uses its own broker client only.',
      },
    ],
  })),
  {
    files: ['libs/messaging-nest/src/**'],
    forbidden: [
      {
        packages: [...ADAPTERS, ...BROKER_CLIENTS],
        message: 'The Nest binding takes adapters as options; it imports none.',
      },
    ],
  },
  ...SERVICES.map((service) => ({
    files: [`apps/${service}/src/**`],
    forbidden: [
      {
        packages: SERVICES.filter((other) => other !== service).map((other) => `@commlab/${other}`),
        message: 'A service never imports another service: share through libs/contracts (messages, .proto).',
      },
    ],
  })),
].map(({ files, ignores, forbidden }) => ({
  files,
  ...(ignores === undefined ? {} : { ignores }),
  rules: {
    'no-restricted-imports': restrictedImports(
      files[0].startsWith('libs/') ? [...forbidden, NO_SERVICES] : forbidden,
    ),
  },
}));

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '**/coverage/**',
      '**/.data/**',
      'bench-results/**',
      'libs/contracts/src/generated/**',
    ],
  },
  eslint.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  ...tseslint.configs.stylisticTypeChecked,
  {
    languageOptions: {
      globals: { ...globals.node },
      parserOptions: {
        projectService: { allowDefaultProject: ['*.mjs', '*.ts'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      // NestJS classes (modules, controllers) are often empty or decorator-only.
      '@typescript-eslint/no-extraneous-class': 'off',
      // NestJS option types extend classes (e.g. MicroserviceOptions), so every bootstrap would trip this.
      '@typescript-eslint/no-unsafe-class-instance-assignment': 'off',
      '@typescript-eslint/restrict-template-expressions': [
        'error',
        { allowNumber: true, allowBoolean: true },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Config is read once, validated, at boot: only libs/config touches process.env.
      'no-restricted-properties': [
        'error',
        {
          object: 'process',
          property: 'env',
          message: 'Read configuration through @commlab/config (loadConfig).',
        },
      ],
      // No deep imports across packages: import '@commlab/x', never '@commlab/x/src/...' or '../../libs/...'.
      'no-restricted-imports': restrictedImports(),
    },
  },
  ...LAYER_RULES,
  {
    // The console's page: browser code with React (type-checked through apps/console/web/tsconfig.json).
    files: ['apps/console/web/**/*.{ts,tsx,mts}'],
    ...reactHooks.configs.flat['recommended-latest'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['**/*.mjs', '**/*.cjs', '**/*.js'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    files: ['**/*.spec.ts', '**/test/**/*.ts'],
    rules: {
      // jest's expect(mock.method) and async helpers read more clearly with these relaxed in tests.
      '@typescript-eslint/unbound-method': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  prettier,
);
