// Tailwind scans our routes and the @temporalio/ui components for class names; the package's theme plugin
// (colours, text styles) is not reachable through its package exports, so it is imported by path.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import defaultTheme from 'tailwindcss/defaultTheme.js';
import temporal, { textStyles } from './node_modules/@temporalio/ui/dist/theme/plugin.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const temporalUi = path.join(here, 'node_modules/@temporalio/ui/dist');

/** @type {import('tailwindcss').Config} */
export default {
  content: ['./src/**/*.{html,js,svelte,ts}', `${temporalUi}/**/*.{svelte,js}`],
  darkMode: ['selector', '[data-theme="dark"]'],
  theme: {
    fontFamily: {
      sans: ['Inter', ...defaultTheme.fontFamily.sans],
      mono: ['Noto Sans Mono', ...defaultTheme.fontFamily.mono],
    },
    extend: { animation: { 'spin-slow': 'spin 3s linear infinite' }, zIndex: { 100: '100' } },
  },
  plugins: [temporal, textStyles],
};
