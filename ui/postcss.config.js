// PostCSS runs Tailwind (with nesting, as the Temporal UI's styles use it) and autoprefixer on the app's CSS.
import tailwindcss from 'tailwindcss';
import nesting from 'tailwindcss/nesting/index.js';
import autoprefixer from 'autoprefixer';

export default { plugins: [nesting, tailwindcss, autoprefixer] };
