import { momentFormatter } from "../http/days";
import { Hono, type Context } from "hono";
import { z } from "zod";
import type { AppEnv } from "../http/env";
import { redirectAfterPost, renderPage, wantsFragment } from "../http/render";
import { NotificationRow, NotificationsPage, type NoticeBase } from "../../views/notifications/page";
import { BellCount } from "../../views/shell/bell";
import { backOfficeAccess } from "../accounts/middleware";
import { ErrorPage } from "../../views/errors";
import { deliverPendingNotices } from "./notices";
import { markAllRead, markRead, notificationsFor, unreadCount } from "./notify";
import { deliverShopperNotices } from "./shopper-notices";
import { notificationStream, type BellAudience } from "./stream";

const BASES: Record<BellAudience, NoticeBase> = { staff: "/manage/notifications", shopper: "/notifications" };

/**
 * A bell's pages: staff's at /manage/notifications (mounted by the back office, src/manage/routes.tsx,
 * behind its staff guard), a shopper's at /notifications (mounted by the app behind a sign-in
 * guard). The stream answers for itself.
 */
function bellRoutes(audience: BellAudience) {
  const base = BASES[audience];
  const routes = new Hono<AppEnv>();
  const deliver = (c: Context<AppEnv>) =>
    audience === "staff" ? deliverPendingNotices(c.var.deps.database, c.var.deps.clock.now()) : deliverShopperNotices(c.var.deps.database, c.var.user!.id, c.var.deps.clock.now());

  routes.get("/", async (c) => {
    const user = c.var.user!;
    await deliver(c);
    const unreadOnly = c.req.query("show") === "unread";
    const items = await notificationsFor(c.var.deps.database.db, user, { unreadOnly });
    return renderPage(c, "Notifications", <NotificationsPage items={items} unreadOnly={unreadOnly} base={base} moment={momentFormatter(c)} />);
  });

  /**
   * A plain 401/403 rather than a redirect to the log-in page: the SSE extension would otherwise
   * follow the redirect, read the HTML as an empty stream and reconnect at once, over and over;
   * an error status makes it back off.
   */
  routes.get("/stream", async (c) => {
    if (!c.var.user) return c.text("Log in to receive notifications.", 401);
    if (audience === "staff") {
      const access = await backOfficeAccess(c.var.deps.database, c.var.user);
      if (access === "needs-second-factor") return c.text("Set up two-step sign-in to receive notifications.", 403);
      if (access !== "staff") return c.text("Notifications are for store staff.", 403);
    }
    return notificationStream(c, audience);
  });

  routes.post("/read-all", async (c) => {
    await markAllRead(c.var.deps.database.db, c.var.user!, c.var.deps.clock.now());
    return redirectAfterPost(c, base, { kind: "success", text: "All notifications marked as read." });
  });

  const idParam = z.object({ id: z.coerce.number().int().positive() });

  routes.post("/:id/read", async (c) => {
    const params = idParam.safeParse(c.req.param());
    const { database, clock } = c.var.deps;
    const user = c.var.user!;
    const ok = params.success && (await markRead(database.db, user, params.data.id, clock.now()));
    if (!ok) return renderPage(c, "Not found", <ErrorPage heading="No such notification" message="That notification does not exist." />, { status: 404 });
    if (wantsFragment(c)) {
      const [item] = await notificationsFor(database.db, user, { id: params.data.id });
      const count = await unreadCount(database.db, user);
      return c.html(
        <>
          {item ? <NotificationRow item={item} base={base} moment={momentFormatter(c)} /> : null}
          <BellCount count={count} oob />
        </>,
      );
    }
    return redirectAfterPost(c, base);
  });
  return routes;
}

/** Staff's bell pages, mounted at /manage/notifications. */
export const notificationRoutes = bellRoutes("staff");
/** A shopper's bell pages, mounted at /notifications. */
export const shopperNotificationRoutes = bellRoutes("shopper");
