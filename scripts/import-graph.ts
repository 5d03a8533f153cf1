/**
 * The import graph of src/ and views/, measured for ADR 014.
 *   bun scripts/import-graph.ts            edges between parts, and the upward ones
 *   bun scripts/import-graph.ts --list     ... and name every upward edge
 *   bun scripts/import-graph.ts --touch W  files and folders that name the word W (a feature's footprint)
 * A part is a folder directly under src/ or views/ (or a file there; src/api/index.ts, the API's mount
 * list, is a part of its own). The ground (database, HTTP and API shells, values, mail, media, jobs
 * queue, ops, view components and layout) must not import a domain; a domain
 * (accounts, catalog, cart, checkout, orders, ...) and its views must not import the composition
 * (app, server, worker, API shell, back-office shell, demo data). An edge the other way is "upward".
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";

const root = resolve(import.meta.dir, "..");
const GROUND = ["src/db", "src/http", "src/api", "src/values", "src/money", "src/clock", "src/config", "src/types", "src/media", "src/mail", "src/ops", "src/bun", "src/jobs", "views/components", "views/errors", "views/layout", "views/shell", "drizzle/meta"];
const COMPOSITION = ["src/api/index", "src/manage", "src/app", "src/server", "src/worker", "src/bootstrap", "src/demo", "src/shell", "src/store-jobs"];

function walk(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path, out);
    else if (/\.tsx?$/.test(name)) out.push(relative(root, path));
  }
  return out;
}

function target(from: string, spec: string): string | null {
  const base = resolve(root, dirname(from), spec);
  for (const candidate of [`${base}.ts`, `${base}.tsx`, join(base, "index.ts"), join(base, "index.tsx"), base]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return relative(root, candidate);
  }
  return null;
}

const part = (file: string) => {
  const segments = file.split("/");
  if (file === "src/api/index.ts") return "src/api/index";
  return segments.length > 2 ? `${segments[0]}/${segments[1]}` : file.replace(/\.tsx?$/, "");
};
const layer = (p: string) => (GROUND.includes(p) ? 0 : COMPOSITION.includes(p) ? 2 : 1);

const files = [...walk(join(root, "src")), ...walk(join(root, "views"))];
const args = process.argv.slice(2);
if (args[0] === "--touch") {
  const word = new RegExp(`\\b${args[1]}\\b`);
  const touched = files.filter((file) => word.test(readFileSync(join(root, file), "utf8")));
  const folders = new Set(touched.map((file) => dirname(file)));
  console.log(`${args[1]}: ${touched.length} files in ${folders.size} folders`);
  for (const file of touched) console.log(`  ${file}`);
  process.exit(0);
}

const edges = new Set<string>();
for (const file of files) {
  const text = readFileSync(join(root, file), "utf8");
  for (const match of text.matchAll(/(?:import|export)[^"']*?from\s+["'](\.[^"']+)["']|import\(\s*["'](\.[^"']+)["']\s*\)/g)) {
    const to = target(file, match[1] ?? match[2]!);
    if (to && part(file) !== part(to)) edges.add(`${part(file)} -> ${part(to)}`);
  }
}
const upward = [...edges].filter((edge) => {
  const [from, to] = edge.split(" -> ") as [string, string];
  return layer(from) < layer(to);
});
console.log(`${files.length} files, ${edges.size} edges between parts, ${upward.length} upward`);
if (args[0] === "--list") for (const edge of upward.sort()) console.log(`  ${edge}`);
