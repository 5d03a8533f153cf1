// Copies Redoc's standalone bundle from node_modules into public/vendor for /api/docs.
// The bundle loads a logo from cdn.redoc.ly; there is no internet here and the CSP allows
// only 'self', so that one URL is replaced by an empty inline SVG.
import { readFileSync, writeFileSync, copyFileSync } from "node:fs";

const { version } = JSON.parse(readFileSync("node_modules/redoc/package.json", "utf8"));
const source = readFileSync("node_modules/redoc/bundles/redoc.standalone.js", "utf8");
const cdnLogo = "https://cdn.redoc.ly/redoc/logo-mini.svg";
if (!source.includes(cdnLogo)) throw new Error("Redoc bundle changed: check for external URLs before vendoring");
const emptySvg = "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg'/%3E";
writeFileSync(`public/vendor/redoc-${version}.standalone.js`, source.replaceAll(cdnLogo, emptySvg));
copyFileSync("node_modules/redoc/bundles/redoc.standalone.js.LICENSE.txt", `public/vendor/redoc-${version}.standalone.js.LICENSE.txt`);
console.log(`vendored redoc ${version}`);
