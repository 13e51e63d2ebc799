/**
 * The worker processes' logger: one JSON object per line, with time, level, process kind, message and the
 * orchestration id, step and agent the line is about. The Temporal SDK routes workflow, activity, worker and
 * (forwarded) Core logs through it.
 */
import type { LogLevel, LogMetadata, Logger } from '@temporalio/common';
import type { LogLevelName } from '../config/environment-config';
import { logContextOf, remainingMeta } from './log-context';

const SEVERITY: Readonly<Record<LogLevel, number>> = { TRACE: 0, DEBUG: 1, INFO: 2, WARN: 3, ERROR: 4 };

export interface JsonLoggerOptions {
  /** Lines below this level are dropped. */
  readonly level: LogLevelName;
  /** Which process wrote the line: orchestrator or agents. */
  readonly process: string;
  /** Receives each line with its newline; stderr by default, so stdout stays free for the ready line. */
  readonly write?: (line: string) => void;
  readonly now?: () => Date;
  /** Messages that describe this process working as intended (the SDK logs them at WARN): logged at DEBUG instead. */
  readonly expected?: readonly string[];
}

export class JsonLinesLogger implements Logger {
  private readonly threshold: number;
  private readonly write: (line: string) => void;
  private readonly now: () => Date;

  constructor(private readonly options: JsonLoggerOptions) {
    this.threshold = SEVERITY[options.level];
    this.write = options.write ?? ((line) => process.stderr.write(line));
    this.now = options.now ?? (() => new Date());
  }

  log(logged: LogLevel, message: string, meta: LogMetadata = {}): void {
    const level: LogLevel = logged === 'WARN' && this.options.expected?.includes(message) ? 'DEBUG' : logged;
    if ((SEVERITY[level] ?? SEVERITY.INFO) < this.threshold) return;
    const record = {
      time: this.now().toISOString(),
      level: level.toLowerCase(),
      process: this.options.process,
      msg: message,
      ...logContextOf(meta),
      ...remainingMeta(meta),
    };
    this.write(`${serialise(record)}\n`);
  }

  trace(message: string, meta?: LogMetadata): void {
    this.log('TRACE', message, meta);
  }

  debug(message: string, meta?: LogMetadata): void {
    this.log('DEBUG', message, meta);
  }

  info(message: string, meta?: LogMetadata): void {
    this.log('INFO', message, meta);
  }

  warn(message: string, meta?: LogMetadata): void {
    this.log('WARN', message, meta);
  }

  error(message: string, meta?: LogMetadata): void {
    this.log('ERROR', message, meta);
  }
}

/** A line is always written: metadata that cannot be serialised (a cycle) is replaced by a note saying so. */
function serialise(record: Record<string, unknown>): string {
  try {
    return JSON.stringify(record, jsonSafe);
  } catch (error) {
    const { time, level, process, msg, orchestrationId, step, agent } = record;
    const note = `metadata not serialisable: ${error instanceof Error ? error.message : String(error)}`;
    return JSON.stringify({ time, level, process, msg, orchestrationId, step, agent, note });
  }
}

/** Errors keep their message (and stack), bigints become text, binary data is summarised. */
function jsonSafe(this: Record<string, unknown>, key: string, value: unknown): unknown {
  // `this[key]` is the value before its own toJSON ran (a Buffer would already be { type, data } here).
  const original = this[key];
  if (original instanceof Error)
    return { name: original.name, message: original.message, ...(original.stack ? { stack: original.stack } : {}) };
  if (original instanceof Uint8Array) return `<${original.byteLength} bytes>`;
  if (typeof value === 'bigint') return value.toString();
  return value;
}
