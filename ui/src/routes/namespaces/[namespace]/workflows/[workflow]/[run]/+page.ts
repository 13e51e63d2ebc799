// A run opens on its history tab.
import { redirect } from '@sveltejs/kit';
import type { PageLoad } from './$types';

export const load: PageLoad = ({ url }) => {
  redirect(302, `${url.pathname}/history`);
};
