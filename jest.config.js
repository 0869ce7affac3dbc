/**
 * Test projects: `unit` (pure functions), `admin` (panel components with
 * @testing-library/react inside the design-system and intl providers), `fakes` (the local stand-ins for Stripe,
 * Upsampler and SMTP, driven by their real clients), `integration` (a real Strapi 5
 * playground booted per suite, talked to over HTTP, on SQLite, PostgreSQL or MariaDB
 * according to DATABASE_CLIENT) and `e2e` (real Chromium through playwright-core).
 */
const transform = {
  '^.+\\.(t|j)sx?$': [
    '@swc/jest',
    {
      jsc: {
        parser: { syntax: 'typescript', tsx: true },
        target: 'es2022',
        transform: { react: { runtime: 'automatic' } },
      },
      module: { type: 'commonjs' },
    },
  ],
};

const common = {
  testEnvironment: 'node',
  transform,
  moduleFileExtensions: ['ts', 'tsx', 'js', 'mjs', 'cjs', 'json'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
};

module.exports = {
  projects: [
    { ...common, displayName: 'unit', roots: ['<rootDir>/tests/unit'] },
    {
      ...common,
      displayName: 'admin',
      roots: ['<rootDir>/tests/admin'],
      testEnvironment: 'jsdom',
      setupFilesAfterEnv: ['<rootDir>/tests/admin/support/setup.ts'],
      moduleNameMapper: {
        '^@strapi/strapi/admin$': '<rootDir>/tests/admin/support/strapi-admin-double.tsx',
      },
    },
    { ...common, displayName: 'fakes', roots: ['<rootDir>/tests/fakes'] },
    {
      ...common,
      displayName: 'integration',
      roots: ['<rootDir>/tests/integration'],
      setupFilesAfterEnv: ['<rootDir>/tests/setup/long-timeout.ts'],
      slowTestThreshold: 60,
    },
    {
      ...common,
      displayName: 'e2e',
      roots: ['<rootDir>/tests/e2e'],
      setupFilesAfterEnv: ['<rootDir>/tests/setup/long-timeout.ts'],
      slowTestThreshold: 60,
    },
  ],
};
