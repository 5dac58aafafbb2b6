// Starts GOV.UK Frontend's components. A module, not an inline script, so the Content-Security-Policy can
// forbid inline scripts altogether; browsers that run modules are the ones GOV.UK Frontend supports.
import { initAll } from "/lib/govuk/govuk-frontend.min.js";

document.body.classList.add("js-enabled", "govuk-frontend-supported");
initAll();
