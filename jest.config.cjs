/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // The contract suite needs the vendors' specs and Prism: `npm run test:contract`.
  testPathIgnorePatterns: ['/node_modules/', '\\.contract\\.test\\.ts$'],
  transform: { '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { target: 'es2022' } }] },
  // @middy/core 6 ships ES modules only; let swc transform it for jest.
  transformIgnorePatterns: ['/node_modules/(?!(@middy)/)'],
  setupFilesAfterEnv: ['aws-cdk-lib/testhelpers/jest-autoclean', 'aws-sdk-client-mock-jest'],
  // No test may depend on the developer's AWS profile or region.
  setupFiles: ['<rootDir>/test/setup-env.ts'],
};
