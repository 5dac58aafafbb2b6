// Builds the pages' styles and scripts into ../../wwwroot/lib: GOV.UK Frontend compiled with our Sass
// settings, its JavaScript module and its images. Run by the .NET build (Unmentoring.csproj) after npm ci.
import { cpSync, mkdirSync, writeFileSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as sass from "sass";

const here = dirname(fileURLToPath(import.meta.url));
const govuk = join(here, "node_modules", "govuk-frontend", "dist", "govuk");
const out = join(here, "..", "..", "wwwroot", "lib", "govuk");

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

const css = sass.compile(join(here, "site.scss"), {
  style: "compressed",
  importers: [new sass.NodePackageImporter()],
  quietDeps: true,
});
writeFileSync(join(out, "site.css"), css.css);

cpSync(join(govuk, "govuk-frontend.min.js"), join(out, "govuk-frontend.min.js"));
// Images and the manifest only: the GDS Transport font is GOV.UK's and is not ours to serve.
cpSync(join(govuk, "assets", "images"), join(out, "assets", "images"), { recursive: true });
console.log(`GOV.UK Frontend built into ${out}`);
