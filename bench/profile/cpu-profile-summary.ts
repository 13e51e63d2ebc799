/**
 * Reads a V8 .cpuprofile (`node --cpu-prof`) and says where the time went: idle, garbage collection, and the busy
 * time by library (SQLite, gRPC, protobuf, server code, Node internals), with the heaviest functions by self and
 * by total (inclusive) time.
 */
import fs from 'node:fs';
import path from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface TimeShare {
  readonly name: string;
  readonly ms: number;
  /** Of the busy (non-idle) time. */
  readonly shareOfBusy: number;
}

export interface CpuProfileSummary {
  readonly profiledMs: number;
  readonly idleMs: number;
  readonly busyMs: number;
  readonly byCategory: readonly TimeShare[];
  readonly topSelf: readonly TimeShare[];
  /** Functions of the server's own code (dist/src/server), by time with their callees. */
  readonly topServerInclusive: readonly TimeShare[];
}

const SPECIAL = new Set(['(idle)', '(program)', '(garbage collector)', '(root)']);

export function summarizeCpuProfileFile(file: string, top = 15): CpuProfileSummary {
  return summarizeCpuProfile(JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile, top);
}

export function summarizeCpuProfile(profile: CpuProfile, top = 15): CpuProfileSummary {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);

  // Time of each sample: the delta to the next one (the last sample gets the mean).
  const selfMs = new Map<number, number>();
  const mean = (profile.endTime - profile.startTime) / 1000 / Math.max(1, profile.samples.length);
  profile.samples.forEach((id, i) => {
    const next = profile.timeDeltas[i + 1];
    selfMs.set(id, (selfMs.get(id) ?? 0) + (next !== undefined ? next / 1000 : mean));
  });

  const categoryMs = new Map<string, number>();
  const functionSelfMs = new Map<string, number>();
  const serverInclusiveMs = new Map<string, number>();
  let idleMs = 0;
  let profiledMs = 0;
  for (const [id, ms] of selfMs) {
    profiledMs += ms;
    const node = byId.get(id)!;
    if (node.callFrame.functionName === '(idle)') {
      idleMs += ms;
      continue;
    }
    add(categoryMs, categoryOf(node, byId, parentOf), ms);
    add(functionSelfMs, frameName(node), ms);
    const seen = new Set<string>();
    for (let cursor: number | undefined = id; cursor !== undefined; cursor = parentOf.get(cursor)) {
      const frame = byId.get(cursor)!;
      if (!isServerCode(frame.callFrame.url)) continue;
      const name = frameName(frame);
      if (seen.has(name)) continue;
      seen.add(name);
      add(serverInclusiveMs, name, ms);
    }
  }
  const busyMs = profiledMs - idleMs;
  const shares = (map: Map<string, number>, limit: number): TimeShare[] =>
    [...map.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, limit)
      .map(([name, ms]) => ({ name, ms: Math.round(ms), shareOfBusy: Math.round((ms / busyMs) * 1000) / 1000 }));
  return {
    profiledMs: Math.round(profiledMs),
    idleMs: Math.round(idleMs),
    busyMs: Math.round(busyMs),
    byCategory: shares(categoryMs, Infinity),
    topSelf: shares(functionSelfMs, top),
    topServerInclusive: shares(serverInclusiveMs, top),
  };
}

function add(map: Map<string, number>, key: string, ms: number): void {
  map.set(key, (map.get(key) ?? 0) + ms);
}

function isServerCode(url: string): boolean {
  return url.includes('/src/server/') && !url.includes('node_modules');
}

function frameName(node: ProfileNode): string {
  const { functionName, url, lineNumber } = node.callFrame;
  if (SPECIAL.has(functionName) || url === '') return `${functionName || '(anonymous)'} [native]`;
  return `${functionName || '(anonymous)'} ${shortUrl(url)}:${lineNumber + 1}`;
}

function shortUrl(url: string): string {
  const file = url.replace(/^file:\/\//, '');
  const modules = file.lastIndexOf('node_modules/');
  if (modules >= 0) return file.slice(modules + 'node_modules/'.length);
  const dist = file.indexOf('/dist/');
  return dist >= 0 ? file.slice(dist + 1) : path.basename(file);
}

/** Native frames (no url) count for the library whose JavaScript called them. */
function categoryOf(node: ProfileNode, byId: Map<number, ProfileNode>, parentOf: Map<number, number>): string {
  const name = node.callFrame.functionName;
  if (name === '(garbage collector)') return 'garbage collection';
  if (name === '(program)') return 'V8/native, no JavaScript frame';
  for (let cursor: number | undefined = node.id; cursor !== undefined; cursor = parentOf.get(cursor)) {
    const url = byId.get(cursor)!.callFrame.url;
    if (url === '') continue;
    const category = categoryOfUrl(url);
    // A native call straight from server code (a prepared statement's run/get/all) is SQLite's time.
    if (cursor !== node.id && category === 'server code' && isSqliteNative(node.callFrame.functionName))
      return 'SQLite (better-sqlite3)';
    return category;
  }
  return 'native, no caller';
}

function isSqliteNative(name: string): boolean {
  return ['run', 'get', 'all', 'iterate', 'exec', 'prepare', 'transaction', 'pragma'].includes(name);
}

function categoryOfUrl(url: string): string {
  if (url.includes('better-sqlite3')) return 'SQLite (better-sqlite3)';
  if (url.includes('@grpc/')) return 'gRPC (grpc-js)';
  if (url.includes('protobufjs') || url.includes('@temporalio/proto') || url.includes('/server/proto/'))
    return 'protobuf encode/decode';
  if (url.includes('node_modules/')) return `other packages (${url.split('node_modules/').pop()!.split('/')[0]})`;
  if (url.startsWith('node:')) return 'Node internals (http2, streams, timers)';
  if (isServerCode(url)) return 'server code';
  return 'other';
}
