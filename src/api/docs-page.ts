import type { Context } from "hono";
import type { AppEnv } from "../http/env";

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Grocer API reference</title>
<link rel="icon" href="/static/favicon.svg">
</head>
<body>
<div id="api-reference" data-spec-url="/api/v1/openapi.json"><noscript>The reference needs JavaScript; the raw document is at <a href="/api/v1/openapi.json">/api/v1/openapi.json</a>.</noscript></div>
<script src="/static/vendor/redoc-2.5.3.standalone.js"></script>
<script src="/static/api-docs.js"></script>
</body>
</html>`;

/**
 * The interactive API reference, rendered by the self-hosted Redoc bundle. Redoc styles itself
 * with injected <style> tags and builds its search index in a blob: worker, so this one page
 * allows inline styles and blob: workers; scripts stay 'self' only.
 */
export function docsPage(c: Context<AppEnv>) {
  c.header(
    "Content-Security-Policy",
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; worker-src 'self' blob:; connect-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'",
  );
  return c.html(PAGE);
}
