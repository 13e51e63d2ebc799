/**
 * The compose files validate as Docker Compose reads them (`docker-compose config`; no Docker engine is needed),
 * and say what docs/deployment.md promises: health checks everywhere, workers that wait for a healthy server,
 * an agent pool that scales with `--scale agents=N`. CI installs docker-compose in .ci/run.
 */
import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { safeLoad } from 'js-yaml';

const ROOT = path.resolve(__dirname, '../..');
const COMPOSE_FILES = ['docker-compose.yml', 'docker-compose.embedded.yml'];

interface ComposeService {
  image?: string;
  build?: unknown;
  command?: string[];
  container_name?: string;
  ports?: unknown[];
  healthcheck?: { test?: string[] };
  depends_on?: Record<string, { condition?: string }>;
  environment?: Record<string, string>;
}

/** `docker-compose` (Debian's package, as CI installs it), else the `docker compose` plugin. */
function findCompose(): string[] {
  for (const candidate of [['docker-compose'], ['docker', 'compose']]) {
    try {
      execFileSync(candidate[0]!, [...candidate.slice(1), 'version'], { stdio: 'ignore' });
      return candidate;
    } catch {
      continue;
    }
  }
  throw new Error(
    'neither docker-compose nor the docker compose plugin is installed; install it with ' +
      '`apt-get update && apt-get install -y docker-compose` (.ci/run does this in CI)',
  );
}

async function compose(file: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const [command, ...prefix] = findCompose();
  try {
    const { stdout, stderr } = await promisify(execFile)(command!, [...prefix, '-f', file, ...args], {
      cwd: ROOT,
      env: cleanEnv(),
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return {
      code: typeof failed.code === 'number' ? failed.code : -1,
      stdout: failed.stdout ?? '',
      stderr: failed.stderr ?? '',
    };
  }
}

/** Defaults of the files apply, not whatever the developer's shell exports. */
function cleanEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !/^(TEMPORAL_|STEADFAST_|POSTGRES_|COMPOSE_)/.test(name)),
  );
}

async function servicesOf(file: string): Promise<Record<string, ComposeService>> {
  const { code, stdout, stderr } = await compose(file, ['config']);
  if (code !== 0) throw new Error(`${file} is not a valid compose file:\n${stderr}`);
  return (safeLoad(stdout) as { services: Record<string, ComposeService> }).services;
}

describe.each(COMPOSE_FILES)('%s', (file) => {
  test('validates with `config -q`', async () => {
    const result = await compose(file, ['config', '-q']);
    expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
  });

  test('every service has a health check, and the workers wait for a healthy server', async () => {
    const services = await servicesOf(file);
    expect(
      Object.entries(services)
        .filter(([, service]) => !service.healthcheck?.test?.length)
        .map(([name]) => name),
    ).toEqual([]);
    for (const worker of ['orchestrator', 'agents']) {
      const service = services[worker]!;
      const [serverName] = service.environment!.TEMPORAL_ADDRESS!.split(':');
      expect(services).toHaveProperty([serverName!]);
      expect(service.depends_on?.[serverName!]).toEqual({ condition: 'service_healthy' });
      expect(service.environment).toMatchObject({
        STEADFAST_METRICS_PORT: '9464',
        STEADFAST_CONNECT_TIMEOUT: expect.any(String),
      });
    }
  });

  test('workers run the steadfast CLI from the project image; the agent pool can be scaled', async () => {
    const services = await servicesOf(file);
    const module = 'examples/agents.js';
    expect(services.orchestrator!.command).toEqual(['worker', 'orchestrator', '--module', module]);
    expect(services.agents!.command).toEqual(['worker', 'agents', '--module', module]);
    expect(fs.existsSync(path.join(ROOT, module))).toBe(true);
    for (const worker of ['orchestrator', 'agents']) {
      expect(services[worker]).toMatchObject({ image: 'steadfast:local', build: { context: ROOT } });
    }
    // Scaling starts N copies: none may claim a fixed name or host port.
    expect(services.agents!.container_name).toBeUndefined();
    expect(services.agents!.ports).toBeUndefined();
  });
});

test('the cluster file runs Temporal on PostgreSQL with the Temporal UI', async () => {
  const services = await servicesOf('docker-compose.yml');
  expect(services.temporal!.image).toMatch(/^temporalio\/auto-setup:/);
  expect(services.temporal!.environment).toMatchObject({ DB: 'postgres12', POSTGRES_SEEDS: 'postgresql' });
  expect(services.temporal!.depends_on).toEqual({ postgresql: { condition: 'service_healthy' } });
  expect(services['temporal-ui']!.image).toMatch(/^temporalio\/ui:/);
  const dynamicConfig = services.temporal!.environment!.DYNAMIC_CONFIG_FILE_PATH!;
  expect(fs.existsSync(path.join(ROOT, 'deploy/temporal/dynamicconfig', path.basename(dynamicConfig)))).toBe(true);
});

test('the check rejects an invalid compose file', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'steadfast-compose-'));
  try {
    const broken = path.join(dir, 'broken.yml');
    fs.writeFileSync(broken, 'services:\n  worker:\n    image: steadfast:local\n    depends_on: 42\n');
    const result = await compose(broken, ['config', '-q']);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/depends_on/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
