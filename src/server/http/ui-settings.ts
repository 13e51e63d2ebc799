/**
 * `/api/v1/settings`: the Temporal UI's own configuration document, shaped as Temporal's ui-server sends it. The UI
 * reads it before anything else; `Version` must be at least 2.23.0 or the UI encodes workflow ids twice.
 */

/** The @temporalio/ui version ui/package.json builds (a unit test keeps the two equal). */
export const TEMPORAL_UI_VERSION = '2.38.0';

export interface UiSettingsOptions {
  readOnly: boolean;
  defaultNamespace: string;
}

export function uiSettings(options: UiSettingsOptions): Record<string, unknown> {
  return {
    Auth: { Enabled: false, Options: null },
    BannerText: '',
    DefaultNamespace: options.defaultNamespace,
    ShowTemporalSystemNamespace: false,
    FeedbackURL: '',
    NotifyOnNewVersion: false,
    Codec: {
      Endpoint: '',
      PassAccessToken: false,
      IncludeCredentials: false,
      DefaultErrorMessage: '',
      DefaultErrorLink: '',
    },
    Version: TEMPORAL_UI_VERSION,
    DisableWriteActions: options.readOnly,
    WorkflowTerminateDisabled: options.readOnly,
    WorkflowCancelDisabled: options.readOnly,
    WorkflowSignalDisabled: options.readOnly,
    WorkflowUpdateDisabled: options.readOnly,
    WorkflowResetDisabled: options.readOnly,
    // The embedded server has no batch operations and the UI does not start workflows: both stay hidden.
    BatchActionsDisabled: true,
    StartWorkflowDisabled: true,
    HideWorkflowQueryErrors: false,
    RefreshWorkflowCountsDisabled: false,
  };
}
