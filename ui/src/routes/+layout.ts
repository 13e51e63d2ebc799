// Root of the single-page app: labels, the server's settings (read first, as the Temporal UI does), namespaces and
// cluster information that the package's components read from $page.data.
import { fetchCluster, fetchSystemInfo } from '@temporalio/ui/services/cluster-service';
import { fetchNamespaces } from '@temporalio/ui/services/namespaces-service';
import { fetchSettings } from '@temporalio/ui/services/settings-service';
import { initTemporalI18n } from '$lib/temporal-i18n';
import type { LayoutLoad } from './$types';
import '../app.css';

export const ssr = false;
export const prerender = false;

export const load: LayoutLoad = async ({ fetch }) => {
  initTemporalI18n();
  const settings = await fetchSettings(fetch);
  void fetchNamespaces(settings, fetch);
  const [cluster, systemInfo] = await Promise.all([fetchCluster(settings, fetch), fetchSystemInfo(settings, fetch)]);
  return { settings, cluster, systemInfo };
};
