// A workflow id without a run opens its latest run, as in the Temporal UI.
import { error, redirect } from '@sveltejs/kit';
import { fetchWorkflowForRunId } from '@temporalio/ui/services/workflow-service';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ url, params }) => {
  const { runId } = await fetchWorkflowForRunId({ namespace: params.namespace, workflowId: params.workflow });
  if (!runId) error(404, `No run of workflow ${params.workflow} was found.`);
  redirect(302, `${url.pathname}/${runId}`);
};
