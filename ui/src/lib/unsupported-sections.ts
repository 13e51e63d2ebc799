// Sections of the Temporal UI that Steadfast's embedded server does not serve, with the reason shown to the user.
export const UNSUPPORTED_SECTIONS: Record<string, string> = {
  'batch-operations': 'Batch operations are not implemented by the Steadfast embedded server.',
  'worker-deployments': 'Worker deployments (versioning) are not implemented by the Steadfast embedded server.',
  deployments: 'Worker deployments (versioning) are not implemented by the Steadfast embedded server.',
  archival: 'Archival is not implemented by the Steadfast embedded server.',
  nexus: 'Nexus endpoints are not implemented by the Steadfast embedded server.',
  import: 'Importing event histories is not offered by the Steadfast UI; use `steadfast status` or the SDK replayer.',
  'start-workflow': 'Starting workflows from the UI is not offered; use `steadfast run` or the client SDK.',
};

export function unsupportedReason(section: string | undefined): string {
  return (
    (section && UNSUPPORTED_SECTIONS[section]) ??
    'This page of the Temporal UI is not served by the Steadfast embedded server.'
  );
}
