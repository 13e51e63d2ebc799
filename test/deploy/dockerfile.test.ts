/**
 * The Dockerfile, checked without a Docker engine: the files its build stage copies (as .dockerignore filters the
 * context) are enough to compile the project, and the runtime stage's layout runs the CLI its CMD and the compose
 * files use, as a non-root user.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const ROOT = path.resolve(__dirname, '../..');
const run = promisify(execFile);

interface Stage {
  readonly name: string;
  readonly lines: string[];
}

function stagesOf(dockerfile: string): Stage[] {
  const lines = dockerfile
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
  const stages: Stage[] = [];
  for (const line of lines) {
    const from = /^FROM\s+\S+(?:\s+AS\s+(\S+))?$/i.exec(line);
    if (from) stages.push({ name: from[1] ?? `stage${stages.length}`, lines: [] });
    else stages.at(-1)?.lines.push(line);
  }
  return stages;
}

/** Sources of `COPY src... dest` lines that copy from the build context (not --from another stage). */
function contextCopies(stage: Stage): { sources: string[]; destination: string }[] {
  return stage.lines
    .filter((line) => /^COPY\s/i.test(line) && !/--from=/.test(line))
    .map((line) => {
      const parts = line
        .split(/\s+/)
        .slice(1)
        .filter((part) => !part.startsWith('--'));
      return { sources: parts.slice(0, -1), destination: parts.at(-1)! };
    });
}

/** .dockerignore as Docker reads it for the patterns this project uses: last matching line wins, `!` re-includes. */
function isIgnored(file: string, patterns: readonly string[]): boolean {
  let ignored = false;
  for (const raw of patterns) {
    const negated = raw.startsWith('!');
    const pattern = (negated ? raw.slice(1) : raw).replace(/\/$/, '');
    const regex = new RegExp(
      `^${pattern
        .split('*')
        .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
        .join('[^/]*')}(/.*)?$`,
    );
    if (regex.test(file)) ignored = !negated;
  }
  return ignored;
}

const dockerfile = fs.readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8');
const ignorePatterns = fs
  .readFileSync(path.join(ROOT, '.dockerignore'), 'utf8')
  .split('\n')
  .map((line) => line.trim())
  .filter((line) => line !== '' && !line.startsWith('#'));
const [build, runtime] = stagesOf(dockerfile) as [Stage, Stage];

test('two stages: the build stage installs with npm ci, the runtime stage runs the CLI as the node user', () => {
  expect(stagesOf(dockerfile)).toHaveLength(2);
  expect(build.lines).toContainEqual(expect.stringMatching(/^RUN npm ci\b/));
  expect(runtime.lines).toContain('USER node');
  expect(runtime.lines).toContain('ENTRYPOINT ["node", "bin/steadfast.js"]');
  expect(runtime.lines).toContain('CMD ["worker", "orchestrator", "--module", "examples/agents.js"]');
});

test('everything the stages copy from the context exists and is not excluded by .dockerignore', () => {
  const sources = [build, runtime].flatMap((stage) => contextCopies(stage).flatMap((copy) => copy.sources));
  expect(sources.length).toBeGreaterThan(0);
  expect(sources.filter((source) => !fs.existsSync(path.join(ROOT, source)))).toEqual([]);
  expect(sources.filter((source) => isIgnored(source, ignorePatterns))).toEqual([]);
  // Local builds and dependencies must stay out of the context, or they would shadow the image's own.
  expect(['node_modules', 'dist', '.git', 'test/integration'].filter((dir) => !isIgnored(dir, ignorePatterns))).toEqual(
    [],
  );
});

test("the build stage's files compile, and the runtime layout runs the CLI", async () => {
  const context = fs.mkdtempSync(path.join(os.tmpdir(), 'steadfast-image-'));
  try {
    for (const { sources, destination } of contextCopies(build)) {
      // `COPY a b ./` copies into the directory; `COPY src ./src` copies to that path.
      const intoDirectory = sources.length > 1 || destination.endsWith('/');
      for (const source of sources) {
        const target = intoDirectory
          ? path.join(context, destination, path.basename(source))
          : path.join(context, destination);
        fs.cpSync(path.join(ROOT, source), target, { recursive: true });
      }
    }
    // `npm ci` would install the lockfile's packages; the repository's installed ones stand in for them here.
    fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(context, 'node_modules'), 'dir');
    await run(process.execPath, [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], {
      cwd: context,
    });
    for (const { sources } of contextCopies(runtime)) {
      for (const source of sources) fs.cpSync(path.join(ROOT, source), path.join(context, source), { recursive: true });
    }
    const help = await run(process.execPath, ['bin/steadfast.js', '--help'], { cwd: context });
    expect(help.stdout).toMatch(/^Usage: steadfast /);
    const agents = await run(
      process.execPath,
      ['-e', 'console.log(Object.values(require("./examples/agents.js")).map((a) => a.name).join(","))'],
      {
        cwd: context,
      },
    );
    expect(agents.stdout.trim()).toBe('researcher,writer,editor,reviewer,planner');
  } finally {
    fs.rmSync(context, { recursive: true, force: true });
  }
}, 300_000); // a full tsc build with declarations: minutes on a loaded 2-core machine
