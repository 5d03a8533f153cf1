import { raw } from "hono/html";
import { BrandMark } from "../shell/brand-mark";

/**
 * What a phone shows when a page can't be reached: kept by the service worker, so it carries
 * nobody's cart or name, only the store's name and a way to try again.
 */
export function OfflinePage({ storeName }: { storeName: string }) {
  return (
    <>
      {raw("<!DOCTYPE html>")}
      <html lang="en">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title>{`You are offline · ${storeName}`}</title>
          <meta name="description" content={`${storeName} can't be reached right now: check your connection and try again.`} />
          <meta name="theme-color" content="#1f7a4d" />
          <meta name="robots" content="noindex" />
          <link rel="icon" href="/static/favicon.svg" type="image/svg+xml" />
          <link rel="stylesheet" href="/static/styles.css" />
        </head>
        <body>
          <header class="site-header">
            <div class="header-row">
              <a class="brand" href="/">
                <BrandMark /> {storeName}
              </a>
            </div>
          </header>
          <main id="main" class="page offline-page">
            <h1>You are offline</h1>
            <p>We can't reach {storeName} right now. Your cart is kept safely on our side; check your connection, then try again.</p>
            <p>
              <a class="button" href="/">Try again</a>
            </p>
          </main>
        </body>
      </html>
    </>
  );
}
