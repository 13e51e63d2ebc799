/** Links into the Temporal UI: the server's address and a run's history page, in Temporal's URL scheme. */

/** http://host:port, with an IPv6 host in brackets and "any interface" shown as the loopback a browser can open. */
export function uiUrl(host: string, port: number): string {
  const shown = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : host;
  return `http://${shown.includes(':') ? `[${shown}]` : shown}:${port}`;
}

/** The page of one run (its history tab), or of the workflow's latest run when runId is not known. */
export function runUiLink(baseUrl: string, namespace: string, workflowId: string, runId?: string): string {
  const base = baseUrl.replace(/\/+$/, '');
  const workflowPath = `${base}/namespaces/${encodeURIComponent(namespace)}/workflows/${encodeURIComponent(workflowId)}`;
  return runId ? `${workflowPath}/${encodeURIComponent(runId)}/history` : workflowPath;
}
