// The Temporal UI's labels come from i18next; without its English locale every label shows as a raw key.
import i18next from 'i18next';
import { i18nNamespaces } from '@temporalio/ui/i18n/index';
import resources from '@temporalio/ui/i18n/locales/index';

export function initTemporalI18n(): void {
  if (i18next.isInitialized) return;
  void i18next.init({ lng: 'en', fallbackLng: 'en', ns: i18nNamespaces, defaultNS: 'common', resources });
}
