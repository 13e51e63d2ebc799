/**
 * Profile of the embedded server under the throughput load: `steadfast server` runs under `node --cpu-prof`,
 * and the profile is summarized into where its time went. Run it with --tag before/after a server change to compare.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { BenchPart } from '../support/bench-part';
import { say } from '../support/progress';
import { throughputLoad } from '../throughput/throughput-bench';
import { describeThroughput, measureThroughput } from '../throughput/throughput-run';
import { summarizeCpuProfileFile } from './cpu-profile-summary';

const PROFILED = { orchestrators: 1, pools: 2 } as const;

export const profilePart: BenchPart = {
  name: 'profile',
  summary: 'CPU profile of the server process (node --cpu-prof) under the throughput load, summarized',
  async run(ctx) {
    const profiles = path.join(ctx.scratch, 'cpu-profiles');
    const load = throughputLoad(ctx.scaled(ctx.sizes.quick ? 48 : 160, 8), PROFILED.orchestrators, PROFILED.pools);
    say(
      `  server under --cpu-prof; ${PROFILED.orchestrators} orchestrator worker, ${PROFILED.pools} agent pools, ${load.orchestrations} orchestrations`,
    );
    const figures = await measureThroughput(ctx, load, { serverNodeArgs: ['--cpu-prof', '--cpu-prof-dir', profiles] });
    say(`    ${describeThroughput(figures)}`);
    const files = fs.existsSync(profiles)
      ? fs.readdirSync(profiles).filter((file) => file.endsWith('.cpuprofile'))
      : [];
    if (files.length !== 1) throw new Error(`expected one server CPU profile in ${profiles}, found ${files.length}`);
    const summary = summarizeCpuProfileFile(path.join(profiles, files[0]!));
    say(
      `    server busy ${summary.busyMs} ms of ${summary.profiledMs} ms profiled; heaviest: ${summary.topSelf[0]?.name ?? 'none'}`,
    );
    ctx.record(
      'profile',
      { ...load, profiler: 'node --cpu-prof on the steadfast server process' },
      { throughput: figures, serverProfile: summary },
    );
  },
};
