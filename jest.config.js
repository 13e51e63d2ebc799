/**
 * Jest runs TypeScript through swc; type checking is `npm run typecheck`. Six tiers, one Jest project each:
 * unit (pure logic, seconds), integration (the real embedded server and real workers in the test's process, replay),
 * system (the steadfast command and worker processes as subprocesses, as a user runs them), chaos (kill -9,
 * partitions, outages, overload: minutes), deploy (clone, pack, Dockerfile and compose checks), ui (the Temporal Web
 * UI served by the embedded server, in Debian's chromium through puppeteer-core).
 * `npm test` runs unit and integration, `npm run test:all` every tier (README, Development).
 */
const shared = {
  testEnvironment: 'node',
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest'], '^.+\\.js$': ['@swc/jest'] },
  // The AI SDK (ai, @ai-sdk/*) ships ES modules only; Node loads them through require(esm), Jest needs them compiled.
  transformIgnorePatterns: ['/node_modules/(?!(ai|@ai-sdk|@workflow|zod)/)'],
  setupFilesAfterEnv: ['<rootDir>/test/support/jest/mark-tests-in-log.ts'],
};

// The SDK's logs (and Core's) go to the test log in every tier that runs workers.
const withWorkers = {
  ...shared,
  setupFilesAfterEnv: [...shared.setupFilesAfterEnv, '<rootDir>/test/support/jest/sdk-logs-to-test-log.ts'],
};

module.exports = {
  maxWorkers: 2,
  // Jest honours a test timeout for the whole run only; chaos tests set longer ones themselves.
  testTimeout: 60_000,
  reporters: ['default', '<rootDir>/test/support/jest/failure-log-reporter.js'],
  projects: [
    { ...shared, displayName: 'unit', roots: ['<rootDir>/test/unit'] },
    // examples/ holds a user's test of the example agents, written with the test kit. Jest resolves its
    // `steadfast/testing` import as Node does, through package.json "exports" (self-reference): the built dist/.
    { ...withWorkers, displayName: 'integration', roots: ['<rootDir>/test/integration', '<rootDir>/examples'] },
    { ...withWorkers, displayName: 'system', roots: ['<rootDir>/test/system'] },
    { ...withWorkers, displayName: 'chaos', roots: ['<rootDir>/test/chaos'] },
    { ...withWorkers, displayName: 'deploy', roots: ['<rootDir>/test/deploy'] },
    { ...withWorkers, displayName: 'ui', roots: ['<rootDir>/test/ui'] },
  ],
};
