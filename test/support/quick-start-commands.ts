/** docs/quick-start-commands.json: the README's quick start as data, shared by the walk-through test and the README check. */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

export const QUICK_START_FILE = path.join('docs', 'quick-start-commands.json');

const StepSchema = z
  .strictObject({
    run: z.string().trim().min(1),
    /** A process that keeps running (server, worker) until the walk ends. */
    background: z.boolean().default(false),
    /** For background steps: the output line that says it is ready. */
    readyPattern: z.string().min(1).optional(),
    /** Longest a step may take, in seconds. */
    timeoutSeconds: z.number().int().min(1).max(600).default(180),
  })
  .refine((step) => !step.background || step.readyPattern !== undefined, 'a background step needs a readyPattern');

export const QuickStartSchema = z.strictObject({
  $comment: z.string().optional(),
  install: z.string().trim().min(1),
  steps: z.array(StepSchema).min(1),
});

export type QuickStart = z.output<typeof QuickStartSchema>;
export type QuickStartStep = QuickStart['steps'][number];

/** Reads and validates the file under `root`; a bad file fails with each problem on its own line. */
export function readQuickStart(root: string): QuickStart {
  const file = path.join(root, QUICK_START_FILE);
  if (!fs.existsSync(file)) throw new Error(`${file} is missing: the README's quick start commands live there`);
  const parsed = QuickStartSchema.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
  if (!parsed.success) {
    throw new Error(
      `${file} is invalid:\n${parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`).join('\n')}`,
    );
  }
  return parsed.data;
}

/** Every command a reader types, install first. */
export function documentedCommands(quickStart: QuickStart): string[] {
  return [quickStart.install, ...quickStart.steps.map((step) => step.run)];
}
