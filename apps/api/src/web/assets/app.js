// Progressive enhancement only: every page works without this file. It starts the GOV.UK
// Design System's components (error summary focus, character counts, details) where supported.
import { initAll } from '/assets/govuk/govuk-frontend.min.js';

initAll();
