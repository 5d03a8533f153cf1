import { afterAll, beforeAll, expect, test } from "bun:test";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createApp } from "../src/app";
import { linkedAssetHashes, publicFolder, serveStaticFiles } from "../src/bun/static-files";
import { hashedName, splitHashedName } from "../src/http/asset-names";
import { createTestStore, type TestStore } from "./support/store";

const PUBLIC = join(import.meta.dir, "..", "public");
const hashOf = (path: string) => createHash("sha256").update(readFileSync(join(PUBLIC, path))).digest("hex").slice(0, 10);

let store: TestStore;
let app: ReturnType<typeof createApp>;
beforeAll(async () => {
  store = await createTestStore();
  const files = publicFolder(PUBLIC);
  const assetHashes = await linkedAssetHashes(files);
  app = createApp(store.deps, { staticAssets: serveStaticFiles(files, assetHashes), assetHashes });
});
afterAll(() => store.close());

test("pages link the stylesheet and script by content-hashed names, served immutable", async () => {
  const styles = `/static/${hashedName("styles.css", hashOf("styles.css"))}`;
  const script = `/static/${hashedName("app.js", hashOf("app.js"))}`;
  for (const path of ["/", "/categories/fruit", "/products/bananas-fairtrade", "/login"]) {
    const html = await (await app.request(path)).text();
    expect(html).toContain(`<link rel="stylesheet" href="${styles}"/>`);
    expect(html).toContain(`<script src="${script}" data-htmx="/static/vendor/htmx-4.0.1.min.js" defer=""></script>`);
    expect(html).not.toContain('href="/static/styles.css"');
  }
  for (const [url, plain] of [[styles, "styles.css"], [script, "app.js"]] as const) {
    const answer = await app.request(url);
    expect(answer.status).toBe(200);
    expect(answer.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(await answer.text()).toBe(readFileSync(join(PUBLIC, plain), "utf8"));
  }
});

test("old names still answer: the plain name revalidated hourly, an earlier release's hash sent on to the current one", async () => {
  const plain = await app.request("/static/styles.css");
  expect(plain.status).toBe(200);
  expect(plain.headers.get("cache-control")).toBe("public, max-age=3600");
  const stale = await app.request("/static/styles.0123456789.css");
  expect(stale.status).toBe(302);
  expect(stale.headers.get("location")).toBe(`/static/${hashedName("styles.css", hashOf("styles.css"))}`);
  // A hashed-looking name of a file pages don't link is looked up as it is: absent, a 404.
  expect((await app.request("/static/nothing.0123456789.css")).status).toBe(404);
});

test("an app without hashes (Workers, tests) links the plain names", async () => {
  // /signup: not a catalog page, whose cache this store's two apps share.
  const html = await (await store.agent().get("/signup")).text();
  expect(html).toContain('<link rel="stylesheet" href="/static/styles.css"/>');
  expect(html).toContain('<script src="/static/app.js" data-htmx="/static/vendor/htmx-4.0.1.min.js" defer=""></script>');
});

test("hashed names split back to the file's own name", () => {
  expect(hashedName("styles.css", "a1b2c3d4e5")).toBe("styles.a1b2c3d4e5.css");
  expect(splitHashedName("styles.a1b2c3d4e5.css")).toEqual({ path: "styles.css", hash: "a1b2c3d4e5" });
  expect(splitHashedName("vendor/htmx-4.0.1.min.js")).toBeNull();
  expect(splitHashedName("styles.css")).toBeNull();
});
