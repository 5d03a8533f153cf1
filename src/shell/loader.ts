import type { Context } from "hono";
import { backOfficeAccess } from "../accounts/middleware";
import { staffAccess } from "../accounts/users";
import { cardControls } from "../cart/card-controls";
import { cartLineCount } from "../cart/carts";
import { currentCartOwner } from "../cart/owner";
import { aisleLinks } from "../catalog/queries";
import type { AppEnv, ShellLoader } from "../http/env";
import { unreadCount } from "../notifications/notify";
import type { ShellData } from "../../views/layout";
import { assetUrl } from "../http/asset-names";

/**
 * What every page's header shows: the aisles, the cart count and, for staff, the bell. The app
 * sets this loader on each request (src/app.ts), so the HTTP ground (src/http/render.tsx) renders
 * pages without knowing the catalog, the cart, accounts or notifications.
 */
async function shellData(c: Context<AppEnv>, query?: string, known: { cartCount?: number } = {}): Promise<ShellData> {
  const { config, database } = c.get("deps");
  const user = c.get("user");
  const access = staffAccess(user);
  const isStaff = access === "manager" || access === "admin";
  // The bell (and its live stream) only where the stream lets the user in: shoppers, and staff with a second factor.
  const bell = async () => {
    if (!user) return null;
    if (!isStaff) return shopperUnread(c);
    if ((await backOfficeAccess(database, user)) !== "staff") return null;
    return unreadCount(database.db, user);
  };
  const [categories, cartCount, unreadNotifications] = await Promise.all([aisleLinks(database.db), known.cartCount ?? countCartLines(c), bell()]);
  return {
    storeName: config.STORE_NAME,
    assets: { styles: assetUrl(c.get("assetHashes"), "styles.css"), script: assetUrl(c.get("assetHashes"), "app.js") },
    user: user ? { name: user.name, role: user.role, approved: Boolean(user.approvedAt) } : null,
    cartCount,
    unreadNotifications,
    categories,
    flash: c.get("flash"),
    query,
    backOfficePath: isStaff && /^\/(manage|admin)(\/|$)/.test(c.req.path) ? c.req.path : undefined,
  };
}

async function countCartLines(c: Context<AppEnv>): Promise<number> {
  const counted = c.get("headerCounts");
  if (counted && c.get("user")) return counted.cartLines;
  const owner = await currentCartOwner(c);
  return owner ? cartLineCount(c.get("deps").database.db, owner) : 0;
}

/** A signed-in shopper's unread notices, for a cached page's bell slot. */
const shopperUnread = async (c: Context<AppEnv>) => {
  const { user, headerCounts } = c.var;
  if (!user) return 0;
  // A shopper's notices are addressed to them alone (staff also read their audiences').
  if (headerCounts && user.role === "customer") return headerCounts.ownUnread;
  return unreadCount(c.get("deps").database.db, user);
};

export const pageShell: ShellLoader = { data: shellData, cartCount: countCartLines, unread: shopperUnread, cardControls };
