import { snapshotMaxAgeFor } from '../../../src/activities/orchestrator-activities';
import { HealthRegistryConfigSchema } from '../../../src/config/health-registry-config';
import type { HealthSnapshot } from '../../../src/orchestration/agent-health';

const breakerConfig = { failureThreshold: 3, cooldownMs: 30_000 };
const quiet: HealthSnapshot = { breakerConfig, breakers: { search: { state: 'closed', consecutiveFailures: 0 } } };
const failing: HealthSnapshot = { breakerConfig, breakers: { search: { state: 'closed', consecutiveFailures: 1 } } };

describe('how long an orchestration reuses a health snapshot', () => {
  const defaults = HealthRegistryConfigSchema.parse({});

  it('defaults to 1 s, and 5 s for a snapshot that shows nothing wrong', () => {
    expect(snapshotMaxAgeFor(failing, ['search'], defaults)).toBe(1_000);
    expect(snapshotMaxAgeFor(quiet, ['search'], defaults)).toBe(5_000);
  });

  it('uses the short age when the registry gave no answer', () => {
    expect(snapshotMaxAgeFor(null, ['search'], defaults)).toBe(1_000);
  });

  it('keeps snapshotMaxAge 0 meaning a read on every dispatch, and never goes below snapshotMaxAge', () => {
    expect(snapshotMaxAgeFor(quiet, ['search'], { snapshotMaxAge: 0, quietSnapshotMaxAge: 5_000 })).toBe(0);
    expect(snapshotMaxAgeFor(quiet, ['search'], { snapshotMaxAge: 8_000, quietSnapshotMaxAge: 5_000 })).toBe(8_000);
  });

  it('takes quietSnapshotMaxAge as a duration', () => {
    const config = HealthRegistryConfigSchema.parse({ quietSnapshotMaxAge: '2s' });
    expect(snapshotMaxAgeFor(quiet, ['search'], config)).toBe(2_000);
  });
});
