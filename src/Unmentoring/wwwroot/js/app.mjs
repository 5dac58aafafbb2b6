// Starts GOV.UK Frontend's components. A module, not an inline script, so the Content-Security-Policy can
// forbid inline scripts altogether; browsers that run modules are the ones GOV.UK Frontend supports.
import { initAll } from "/lib/govuk/govuk-frontend.min.js";

document.body.classList.add("js-enabled", "govuk-frontend-supported");
initAll();

// Sign-up: suggest the organisation from the email address as soon as it is typed (the server does the
// same when the field is left empty; OrganisationSuggestion.cs is the rule, this is its mirror). A value
// the person typed themselves is never replaced.
const email = document.querySelector("form #email");
const organisation = document.querySelector("form #organisation");
if (email && organisation) {
  const suffixes = [".gov.uk", ".nhs.uk", ".nhs.net", ".police.uk", ".ac.uk", ".sch.uk", ".org.uk", ".co.uk", ".gov.scot", ".gov.wales", ".com", ".org", ".net", ".uk", ".gov", ".io"];
  const personal = new Set(["gmail", "googlemail", "hotmail", "outlook", "live", "yahoo", "icloud", "me", "aol", "btinternet", "protonmail", "proton", "sky", "virginmedia", "mail", "gmx"]);
  let suggested = "";
  const suggest = (address) => {
    const at = address.lastIndexOf("@");
    if (at < 1) return "";
    let domain = address.slice(at + 1).trim().toLowerCase();
    const suffix = suffixes.find((s) => domain.endsWith(s) && domain.length > s.length);
    if (suffix) domain = domain.slice(0, -suffix.length);
    const name = domain.slice(domain.lastIndexOf(".") + 1);
    if (!name || personal.has(name)) return "";
    return name.split("-").filter(Boolean).map((w) => w[0].toUpperCase() + w.slice(1)).join(" ");
  };
  email.addEventListener("change", () => {
    if (organisation.value === "" || organisation.value === suggested) {
      suggested = suggest(email.value);
      organisation.value = suggested;
    }
  });
}
