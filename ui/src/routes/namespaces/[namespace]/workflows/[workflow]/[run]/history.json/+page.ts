// "Download" of the full event history: the server's raw history endpoint.
import { redirect } from '@sveltejs/kit';
import { getEndpointForRawHistory } from '@temporalio/ui/services/events-service';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ parent, params }) => {
  await parent();
  redirect(302, getEndpointForRawHistory({ namespace: params.namespace, workflowId: params.workflow, runId: params.run }));
};
