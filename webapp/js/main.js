// Entry point of the page (loaded as a module by index.html; no inline script, see the CSP).

import { App } from './app.js';

new App(window).start();
