// Older Temporal UI links to this view land on the run's call-stack tab.
import { redirect } from '@sveltejs/kit';
import type { PageLoad } from './$types';

export const load: PageLoad = ({ url }) => {
  redirect(302, url.pathname.replace(/\/stack-trace$/, '/call-stack'));
};
