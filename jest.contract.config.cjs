/** The contract suite (`npm run test:contract`): the providers' requests validated by Prism. */
const base = require('./jest.config.cjs');

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  roots: ['<rootDir>/test/contract'],
  testMatch: ['**/*.contract.test.ts'],
  testPathIgnorePatterns: [],
};
