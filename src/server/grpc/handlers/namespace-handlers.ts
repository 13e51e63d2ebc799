/** Namespaces, and what the server says about itself (system info, cluster info). */
import { randomUUID } from 'node:crypto';
import { enums } from '../../proto/temporal-proto';
import { durationFromMs, msFromDuration } from '../../proto/time';
import { invalidArgument, namespaceAlreadyExists } from '../../errors/rpc-error';
import { requireNamespace, type WorkflowServiceHandlers } from '../handler-env';
import { DEFAULT_RETENTION_MS, type NamespaceInfo } from '../../store/namespace-store';

export const SERVER_VERSION = '1.29.0';
const CLUSTER_ID = 'steadfast-dev-cluster';

function describe(info: NamespaceInfo) {
  return {
    namespaceInfo: {
      name: info.name,
      state: enums.NamespaceState.NAMESPACE_STATE_REGISTERED,
      description: info.description,
      ownerEmail: info.ownerEmail,
      data: info.data,
      id: info.id,
      // No worker heartbeats, worker commands or poller autoscaling: the SDK leaves those features off. ShutdownWorker
      // completes the worker's open polls (TaskMatcher.completePollsOfWorker), so workers may let them finish.
      capabilities: {
        eagerWorkflowStart: false,
        syncUpdate: true,
        asyncUpdate: true,
        workerPollCompleteOnShutdown: true,
      },
      supportsSchedules: false,
    },
    config: {
      workflowExecutionRetentionTtl: durationFromMs(info.retentionMs),
      historyArchivalState: enums.ArchivalState.ARCHIVAL_STATE_DISABLED,
      visibilityArchivalState: enums.ArchivalState.ARCHIVAL_STATE_DISABLED,
    },
    replicationConfig: { activeClusterName: 'active', clusters: [{ clusterName: 'active' }] },
    isGlobalNamespace: false,
  };
}

export const namespaceHandlers = {
  GetSystemInfo() {
    return {
      serverVersion: SERVER_VERSION,
      capabilities: {
        signalAndQueryHeader: true,
        internalErrorDifferentiation: true,
        activityFailureIncludeHeartbeat: true,
        supportsSchedules: false,
        encodedFailureAttributes: true,
        buildIdBasedVersioning: false,
        upsertMemo: true,
        eagerWorkflowStart: false,
        sdkMetadata: true,
        countGroupByExecutionStatus: true,
        nexus: false,
      },
    };
  },

  GetClusterInfo() {
    return {
      supportedClients: {},
      serverVersion: SERVER_VERSION,
      clusterId: CLUSTER_ID,
      clusterName: 'active',
      historyShardCount: 1,
      persistenceStore: 'sqlite',
      visibilityStore: 'sqlite',
      isGlobalNamespaceEnabled: false,
    };
  },

  DescribeNamespace(request, env) {
    if (request.id) {
      const info = env.ctx.namespaces.list().find((n) => n.id === request.id);
      return describe(requireNamespace(env, info?.name ?? request.id));
    }
    return describe(requireNamespace(env, request.namespace));
  },

  ListNamespaces(_request, env) {
    return { namespaces: env.ctx.namespaces.list().map(describe), nextPageToken: new Uint8Array() };
  },

  RegisterNamespace(request, env) {
    const name: string = request.namespace ?? '';
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]{1,254}$/.test(name)) {
      throw invalidArgument('Namespace name must be 2 to 255 letters, digits, dots, dashes or underscores.');
    }
    if (env.ctx.namespaces.get(name)) throw namespaceAlreadyExists(name);
    env.ctx.namespaces.save({
      name,
      id: randomUUID(),
      description: request.description ?? '',
      ownerEmail: request.ownerEmail ?? '',
      retentionMs: msFromDuration(request.workflowExecutionRetentionPeriod) ?? DEFAULT_RETENTION_MS,
      data: request.data ?? {},
    });
    return {};
  },

  UpdateNamespace(request, env) {
    const info = requireNamespace(env, request.namespace);
    const updated: NamespaceInfo = {
      ...info,
      description: request.updateInfo?.description ?? info.description,
      ownerEmail: request.updateInfo?.ownerEmail ?? info.ownerEmail,
      data: { ...info.data, ...(request.updateInfo?.data ?? {}) },
      retentionMs: msFromDuration(request.config?.workflowExecutionRetentionTtl) ?? info.retentionMs,
    };
    env.ctx.namespaces.save(updated);
    return describe(updated);
  },
} satisfies WorkflowServiceHandlers;
