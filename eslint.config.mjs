// @ts-check
import eslint from '@eslint/js';
import prettier from 'eslint-config-prettier';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

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
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@commlab/*/*'],
              message: 'Import the package entry point (@commlab/<name>), not a file inside it.',
            },
            {
              group: ['**/libs/*', '**/apps/*', '**/infra/*'],
              message: 'Import workspace packages by name (@commlab/<name>).',
            },
          ],
        },
      ],
    },
  },
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
