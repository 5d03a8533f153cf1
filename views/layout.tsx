import { raw } from "hono/html";
import type { Child } from "hono/jsx";
import type { Flash } from "../src/http/env";
import type { Role } from "../src/db/schema";
import { Bell } from "./shell/bell";
import { BackOfficeHeader } from "./shell/back-office-header";
import { BrandMark } from "./shell/brand-mark";

export const HTMX_SRC = "/static/vendor/htmx-4.0.1.min.js";
/** htmx's SSE extension, only on pages shown to staff (it feeds the notification bell). */

export interface ShellData {
  storeName: string;
  /** The stylesheet's and script's URLs, content-hashed when the server knows the hashes (src/http/asset-names.ts). */
  assets?: { styles: string; script: string };
  user: { name: string; role: Role; approved: boolean } | null;
  /** A number, or a slot a cached page template fills in per visitor (src/catalog/shell-template.tsx). */
  cartCount: number | string;
  /**
   * Unread notifications for anyone signed in (staff once their second factor is set); null for
   * visitors (no bell). A string is a cached page's slot (src/catalog/shell-template.tsx).
   */
  unreadNotifications: number | string | null;
  categories: { name: string; slug: string }[];
  flash: Flash | null;
  query?: string;
  /** Set on back-office pages (/manage, /admin) for staff: they get the back office's header. */
  backOfficePath?: string;
}

/**
 * htmx settings. No settle delay: settling copies the old element's `style` attribute onto the
 * new one, which the CSP (no inline styles) refuses with a console error on every swap.
 */
const HTMX_CONFIG = JSON.stringify({ includeIndicatorCSS: false, defaultSettleDelay: 0 });

export function Layout(props: { title: string; description?: string; shell: ShellData; children: Child }) {
  const { shell } = props;
  // The doctype keeps browsers in standards mode (without it every page rendered in quirks mode).
  return (
    <>
      {raw("<!DOCTYPE html>")}
      <html lang="en">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <meta name="htmx-config" content={HTMX_CONFIG} />
          <title>{`${props.title} · ${shell.storeName}`}</title>
          <meta name="description" content={props.description ?? `${props.title} at ${shell.storeName}: fresh groceries at fair prices, delivered to your door or ready to collect.`} />
          <meta name="theme-color" content="#1f7a4d" />
          <link rel="manifest" href="/manifest.webmanifest" />
          <link rel="apple-touch-icon" href="/static/icons/icon-192.png" />
          <link rel="icon" href="/static/favicon.svg" type="image/svg+xml" />
          <link rel="stylesheet" href={shell.assets?.styles ?? "/static/styles.css"} />
          {/* app.js runs htmx on the shopper's first sign of intent (public/app.js); the file is fetched ahead, when the network is idle. */}
          <link rel="prefetch" href={HTMX_SRC} as="script" />
          <script src={shell.assets?.script ?? "/static/app.js"} data-htmx={HTMX_SRC} defer></script>
        </head>
        <body>
          <a class="skip-link" href="#main">Skip to content</a>
          {shell.backOfficePath !== undefined && shell.user ? (
            <BackOfficeHeader storeName={shell.storeName} path={shell.backOfficePath} user={shell.user} unread={shell.unreadNotifications} />
          ) : (
            <Header shell={shell} />
          )}
          <main id="main" class="page">
            <FlashMessage flash={shell.flash} />
            <div id="toast" class="toast" role="status" aria-live="polite"></div>
            {props.children}
          </main>
          <footer class="site-footer">
            <p>
              {shell.storeName} · fresh groceries, fair prices · <a href="/sell">Sell with us</a> · <a href="/privacy">Privacy</a>
            </p>
            <p class="credits">
              Product illustrations: <a href="https://github.com/microsoft/fluentui-emoji">Fluent Emoji</a> © Microsoft, MIT licence.
            </p>
          </footer>
        </body>
      </html>
    </>
  );
}

function Header({ shell }: { shell: ShellData }) {
  return (
    <>
    <header class="site-header">
      <div class="header-row">
        <a class="brand" href="/">
          <BrandMark /> {shell.storeName}
        </a>
        <form class="search" action="/search" method="get" role="search">
          <label for="search-q" class="visually-hidden">Search products</label>
          {/* Search as you type: on the search page only the results change, elsewhere the page becomes the search page. */}
          <input
            id="search-q"
            type="search"
            name="q"
            value={shell.query ?? ""}
            placeholder="Search products"
            aria-label="Search products"
            autocomplete="off"
            hx-get="/search"
            hx-trigger="input changed delay:250ms"
            hx-target={shell.query === undefined ? "#main" : "#search-results"}
            hx-push-url="true"
          />
          <button type="submit">Search</button>
        </form>
        <nav class="account-nav" aria-label="Account">
          <a class="slots-link" href="/slots">Slots</a>
          <a class="cart-link" href="/cart" id="cart-link">
            Cart <span class="cart-count" id="cart-count">{shell.cartCount}</span>
          </a>
          {shell.unreadNotifications !== null ? <Bell count={shell.unreadNotifications} base={isStaff(shell.user) ? "/manage/notifications" : "/notifications"} /> : null}
          <AccountMenu user={shell.user} />
        </nav>
      </div>
    </header>
    {/* The aisle links scroll away with the page; only the brand, search, cart and account stay in view. */}
    <nav class="category-nav" aria-label="Categories">
        <ul>
          {shell.categories.map((category) => (
            <li>
              <a href={`/categories/${category.slug}`}>{category.name}</a>
            </li>
          ))}
        </ul>
    </nav>
    </>
  );
}

const isStaff = (user: ShellData["user"]) => Boolean(user && (user.role === "admin" || (user.role === "manager" && user.approved)));

function AccountMenu({ user }: { user: ShellData["user"] }) {
  if (!user) {
    return (
      <>
        <a href="/login">Log in</a>
        <a class="button button-small" href="/signup">Sign up</a>
      </>
    );
  }
  return (
    <details class="account-menu">
      <summary>{user.name}</summary>
      <ul>
        <li><a href="/account">My account</a></li>
        <li><a href="/orders">Orders</a></li>
        <li><a href="/wishlist">Saved for later</a></li>
        {(user.role === "manager" && user.approved) || user.role === "admin" ? (
          <>
            <li><a href="/manage">Back office</a></li>
            <li><a href="/manage/products">Products</a></li>
            <li><a href="/manage/categories">Categories</a></li>
          </>
        ) : null}
        {user.role === "admin" ? <li><a href="/admin/people">People</a></li> : null}
        {user.role === "admin" ? <li><a href="/admin/jobs">Jobs</a></li> : null}
        {user.role === "admin" ? <li><a href="/admin/outbox">Outbox</a></li> : null}
        <li>
          <form method="post" action="/logout">
            <button type="submit" class="link-button">Log out</button>
          </form>
        </li>
      </ul>
    </details>
  );
}

function FlashMessage({ flash }: { flash: Flash | null }) {
  if (!flash) return null;
  return (
    <div class={`flash flash-${flash.kind}`} role={flash.kind === "error" ? "alert" : "status"}>
      {flash.text}
      {flash.undo ? (
        <form method="post" action={flash.undo.action} class="flash-undo">
          <input type="hidden" name="items" value={flash.undo.items} />
          <button type="submit" class="button button-small button-quiet">{flash.undo.label}</button>
        </form>
      ) : null}
    </div>
  );
}
