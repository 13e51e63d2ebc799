// The start page is the default namespace's workflows, as on `temporal server start-dev`.
import { redirect } from '@sveltejs/kit';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ parent }) => {
  const { settings } = await parent();
  redirect(302, `/namespaces/${encodeURIComponent(settings.defaultNamespace || 'default')}/workflows`);
};
