/** Jest setup of every tier: each test starts its own section of the test file's log (see test/support/test-log.ts). */
import { markTestStart } from '../test-log';

beforeEach(() => markTestStart(expect.getState().currentTestName ?? '(unnamed test)'));
