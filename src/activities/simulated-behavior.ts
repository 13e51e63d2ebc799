/**
 * Deterministic behaviour of simulated agents: from the seed and the instruction (agent, step, attempt),
 * draw a latency and at most one fault. Pure, so the same configuration replays the same story anywhere.
 */
import type { SimulatedAgentConfig, SimulatedFault } from '../config/simulated-agent-config';
import { hashString } from '../orchestration/stable-json';

export interface SimulatedBehavior {
  readonly fault: SimulatedFault | 'none';
  readonly latencyMs: number;
  /** Deterministic randomness left for the chosen behaviour (for example the garbage value). */
  readonly random: () => number;
}

export interface SimulationKey {
  readonly agent: string;
  readonly idempotencyKey: string;
  readonly attempt: number;
}

const FAULT_ORDER: readonly SimulatedFault[] = ['fail', 'hang', 'crash', 'slow', 'garbage'];

/** mulberry32: small, fast, good enough for simulations. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function simulatedBehavior(config: SimulatedAgentConfig, key: SimulationKey): SimulatedBehavior {
  const seed = parseInt(hashString(`${config.seed}|${key.agent}|${key.idempotencyKey}|${key.attempt}`).slice(-8), 16);
  const random = seededRandom(seed);
  const baseLatency = config.latency.min + Math.floor(random() * (config.latency.max - config.latency.min + 1));
  const roll = random();
  const mayFault = config.faultyAttempts === undefined || key.attempt <= config.faultyAttempts;
  let fault: SimulatedFault | 'none' = 'none';
  if (mayFault) {
    let cumulative = 0;
    for (const candidate of FAULT_ORDER) {
      cumulative += config.faults[candidate];
      if (roll < cumulative) {
        fault = candidate;
        break;
      }
    }
  }
  const latencyMs = fault === 'slow' ? Math.round(baseLatency * config.slowFactor) : baseLatency;
  return { fault, latencyMs, random };
}

/** A value of the wrong shape: what a confused agent might send back. */
export function garbageValue(random: () => number): unknown {
  const kinds: (() => unknown)[] = [
    () =>
      Math.floor(random() * 1e9)
        .toString(36)
        .repeat(3),
    () => random() * 1e6,
    () => [random(), 'garbage', null],
    () => ({ unexpected: true, noise: Math.floor(random() * 1e6) }),
    () => null,
  ];
  return kinds[Math.floor(random() * kinds.length)]!();
}
