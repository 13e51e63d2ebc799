/** The orchestrator workflows bundled once per benchmark run; every orchestrator process loads the file instead of bundling. */
import path from 'node:path';
import { writeOrchestratorWorkflowBundle } from '../../src/workers/orchestrator-workflows';

const written = new Map<string, Promise<string>>();

export function workflowBundleFile(folder: string): Promise<string> {
  let file = written.get(folder);
  if (!file) {
    const target = path.join(folder, 'orchestrator-workflows.js');
    file = writeOrchestratorWorkflowBundle(target).then(() => target);
    written.set(folder, file);
  }
  return file;
}
