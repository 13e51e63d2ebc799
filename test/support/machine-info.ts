/** What a recorded benchmark ran on, so figures from different machines are not compared blindly. */
import os from 'node:os';

export interface MachineInfo {
  os: string;
  cpus: number;
  cpuModel: string;
  totalMemoryBytes: number;
  node: string;
}

export function machineInfo(): MachineInfo {
  const cpus = os.cpus();
  return {
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    cpus: cpus.length,
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    totalMemoryBytes: os.totalmem(),
    node: process.version,
  };
}
