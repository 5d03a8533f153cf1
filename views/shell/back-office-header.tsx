import type { Role } from "../../src/db/schema";
import { Bell } from "./bell";
import { BrandMark } from "./brand-mark";

type Link = { href: string; label: string; adminOnly?: boolean; /** Other paths that belong to this section. */ also?: string[] };

/** The back office's own sections, in the order a manager's day goes. */
export const BACK_OFFICE_LINKS: Link[] = [
  { href: "/manage", label: "Dashboard" },
  { href: "/manage/orders", label: "Orders", also: ["/manage/picking"] },
  { href: "/manage/products", label: "Products" },
  { href: "/manage/categories", label: "Categories" },
  { href: "/manage/stock", label: "Stock" },
  { href: "/manage/slots", label: "Slots" },
  { href: "/manage/zones", label: "Zones" },
  { href: "/manage/promo-codes", label: "Promo codes" },
  { href: "/manage/reports", label: "Reports" },
  { href: "/admin/people", label: "People", adminOnly: true },
  { href: "/admin/jobs", label: "Jobs", adminOnly: true },
  { href: "/admin/audit", label: "Audit log", adminOnly: true },
  { href: "/admin/outbox", label: "Outbox", adminOnly: true },
  { href: "/admin/catalog", label: "Catalog import", adminOnly: true },
];

/** The section a path belongs to: the longest link that starts it. */
export function currentSection(path: string): string | null {
  const under = (prefix: string) => path === prefix || path.startsWith(`${prefix}/`);
  const matches = BACK_OFFICE_LINKS.flatMap((link) => [link.href, ...(link.also ?? [])].filter(under).map((prefix) => ({ href: link.href, length: prefix.length })));
  return matches.sort((a, b) => b.length - a.length)[0]?.href ?? null;
}

/** Staff pages get this header instead of the shop's: their sections, the bell, the way back to the store. */
export function BackOfficeHeader(props: { storeName: string; path: string; user: { name: string; role: Role }; unread: number | string | null }) {
  const current = currentSection(props.path);
  const links = BACK_OFFICE_LINKS.filter((link) => !link.adminOnly || props.user.role === "admin");
  return (
    <>
      <header class="site-header back-office-header">
        <div class="header-row">
          <a class="brand" href="/manage">
            <BrandMark /> {props.storeName} <span class="brand-area">back office</span>
          </a>
          <nav class="account-nav" aria-label="Account">
            <a href="/">View store</a>
            {props.unread !== null ? <Bell count={props.unread} base="/manage/notifications" /> : null}
            <details class="account-menu">
              <summary>{props.user.name}</summary>
              <ul>
                <li><a href="/account">My account</a></li>
                <li>
                  <form method="post" action="/logout">
                    <button type="submit" class="link-button">Log out</button>
                  </form>
                </li>
              </ul>
            </details>
          </nav>
        </div>
      </header>
      <nav class="category-nav back-office-nav" aria-label="Back office">
        <ul>
          {links.map((link) => (
            <li>
              <a href={link.href} aria-current={link.href === current ? "page" : undefined}>
                {link.label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
    </>
  );
}
