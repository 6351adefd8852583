// Shared Jest settings: SWC compiles TypeScript with decorator metadata, which
// NestJS and class-validator read, and @talaria/* imports resolve to sources so
// tests never depend on a previous build.
const path = require('node:path');

module.exports = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true },
          target: 'es2022',
        },
        module: { type: 'commonjs' },
      },
    ],
  },
  moduleNameMapper: {
    '^@talaria/([a-z-]+)$': ['libs', 'tools', 'apps'].map((folder) =>
      path.join(__dirname, folder, '$1/src/index.ts'),
    ),
  },
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/**/*.spec.ts'],
  modulePathIgnorePatterns: ['<rootDir>/dist'],
  globalSetup: path.join(__dirname, 'tools/jest/temporary-directory-setup.js'),
  globalTeardown: path.join(__dirname, 'tools/jest/temporary-directory-teardown.js'),
};
