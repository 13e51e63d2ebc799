/** Where the benchmark finds the repository, its compiled agents module and its results folder. */
import path from 'node:path';
import { steadfastBinPath } from '../../src/server/dev-server-process';

export function repositoryRoot(): string {
  return path.dirname(path.dirname(steadfastBinPath()));
}

/** The compiled agents module that pools and orchestrator workers load with `--module`. */
export function benchAgentsModule(): string {
  return path.join(repositoryRoot(), 'dist', 'bench', 'agents', 'bench-agents.js');
}

export function resultsDirectory(): string {
  return path.join(repositoryRoot(), 'bench', 'results');
}
