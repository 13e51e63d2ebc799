// Older Temporal UI links to this view land on the run's history tab.
import { redirect } from '@sveltejs/kit';
import type { PageLoad } from './$types';

export const load: PageLoad = ({ url }) => {
  redirect(302, url.pathname.replace(/\/history\/compact$/, '/history'));
};
