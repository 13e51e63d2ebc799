/**
 * The Temporal UI link a command prints for a run: from --ui-url or $STEADFAST_UI_URL when given; otherwise, for a
 * server on this machine, port 8233 of the same host (where `steadfast server` and `temporal server start-dev` serve
 * their UI), printed only when a UI answers there for the same server (its namespace has the id the gRPC connection
 * sees). Against a remote cluster without a setting: no link.
 */
import type { Command } from 'commander';
import { z } from 'zod';
import { UiServerConfigSchema } from '../../config/dev-server-config';
import { runUiLink, uiUrl } from '../../server/http/ui-url';

export const UI_URL_ENV = 'STEADFAST_UI_URL';
const PROBE_TIMEOUT_MS = 500;
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

export const UiUrlFlagSchema = z
  .string()
  .trim()
  .regex(/^https?:\/\/[^\s/]+(\/\S*)?$/, { error: '--ui-url must be an http(s) URL, e.g. http://127.0.0.1:8233' });

export function addUiUrlOption(command: Command): Command {
  return command.option(
    '--ui-url <url>',
    `Temporal UI to link runs to (default: $${UI_URL_ENV}, then port 8233 of a server on this machine when a UI answers there)`,
  );
}

export interface UiLinkTarget {
  /** The gRPC address the command used, host:port. */
  readonly address: string;
  readonly namespace: string;
  readonly workflowId: string;
  readonly runId?: string;
  /** The namespace's id as the command's own connection sees it: tells this server's UI from another one's. */
  namespaceId(): Promise<string | undefined>;
}

export async function findRunUiLink(
  target: UiLinkTarget,
  uiUrlFlag?: string,
  localUiPort: number = UiServerConfigSchema.parse({}).port,
): Promise<string | undefined> {
  const configured = uiUrlFlag ?? process.env[UI_URL_ENV];
  if (configured) return runUiLink(configured, target.namespace, target.workflowId, target.runId);
  const host = target.address.slice(0, target.address.lastIndexOf(':'));
  if (!LOOPBACK_HOSTS.has(host)) return undefined;
  const candidate = uiUrl(host.replace(/^\[|\]$/g, ''), localUiPort);
  const [uiNamespaceId, ownNamespaceId] = await Promise.all([
    namespaceIdThroughUi(candidate, target.namespace),
    target.namespaceId().catch(() => undefined),
  ]);
  return uiNamespaceId !== undefined && uiNamespaceId === ownNamespaceId
    ? runUiLink(candidate, target.namespace, target.workflowId, target.runId)
    : undefined;
}

async function namespaceIdThroughUi(baseUrl: string, namespace: string): Promise<string | undefined> {
  try {
    const response = await fetch(`${baseUrl}/api/v1/namespaces/${encodeURIComponent(namespace)}`, {
      signal: AbortSignal.timeout(PROBE_TIMEOUT_MS),
    });
    if (!response.ok) return undefined;
    const described = (await response.json()) as { namespaceInfo?: { id?: unknown } };
    return typeof described.namespaceInfo?.id === 'string' ? described.namespaceInfo.id : undefined;
  } catch {
    return undefined;
  }
}

/** What a CLI connection knows of its namespace's id. */
export function namespaceIdOf(connection: {
  readonly namespace: string;
  readonly client: { readonly temporal: { readonly workflowService: WorkflowServiceLike } };
}): () => Promise<string | undefined> {
  return async () => {
    const described = await connection.client.temporal.workflowService.describeNamespace({
      namespace: connection.namespace,
    });
    return described.namespaceInfo?.id ?? undefined;
  };
}

interface WorkflowServiceLike {
  describeNamespace(request: { namespace: string }): Promise<{ namespaceInfo?: { id?: string | null } | null }>;
}
