// SvelteKit configuration: a single-page app (adapter-static with an index.html fallback) that Steadfast's
// embedded server serves; every URL the Temporal UI links to falls back to index.html and is routed in the browser.
import adapter from '@sveltejs/adapter-static';

/** @type {import('@sveltejs/kit').Config} */
export default {
  kit: {
    adapter: adapter({ pages: 'build', assets: 'build', fallback: 'index.html', strict: false }),
    prerender: { entries: [] },
  },
};
