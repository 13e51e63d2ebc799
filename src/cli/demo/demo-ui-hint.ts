/** What the demo says at its end about opening its runs in the Temporal UI. */
import { UiServerConfigSchema } from '../../config/dev-server-config';
import { uiUrl } from '../../server/http/ui-url';

export interface DemoUiHintOptions {
  /** The Temporal server the demo used, when it was not the embedded one. */
  readonly address?: string | undefined;
  readonly db: string;
  readonly namespace: string;
  /** The running UI's address (--keep-server), or of the given server's UI when one answers. */
  readonly uiUrl?: string | undefined;
}

/** The workflows page filtered to the demo's orchestrations. */
export function demoRunsPage(baseUrl: string, namespace: string): string {
  const query = encodeURIComponent('WorkflowType="orchestrate"');
  return `${baseUrl.replace(/\/+$/, '')}/namespaces/${encodeURIComponent(namespace)}/workflows?query=${query}`;
}

export function demoUiHint(options: DemoUiHintOptions): string[] {
  if (options.uiUrl)
    return [`Open the demo's runs in the Temporal UI: ${demoRunsPage(options.uiUrl, options.namespace)}`];
  if (options.address !== undefined)
    return [
      `The demo's runs are on ${options.address}: open them in that server's Temporal UI (workflow type orchestrate).`,
    ];
  if (options.db === ':memory:')
    return ["The demo's runs were kept in memory only: run it with --keep-server to open them in the Temporal UI."];
  const defaultUi = uiUrl('127.0.0.1', UiServerConfigSchema.parse({}).port);
  return [
    "Open the demo's runs in the Temporal UI: npm start -- --keep-server, or serve this demo's database with",
    `  npx steadfast server --db ${quoteIfNeeded(options.db)}`,
    `  and open ${demoRunsPage(defaultUi, options.namespace)}`,
  ];
}

function quoteIfNeeded(path: string): string {
  return /^[\w./-]+$/.test(path) ? path : `'${path.replace(/'/g, "'\\''")}'`;
}
