import { Hono } from "hono";
import { z } from "zod";
import type { AppEnv } from "../http/env";
import { redirectAfterPost, renderPage, wantsFragment } from "../http/render";
import { NotificationRow, NotificationsPage } from "../../views/notifications/page";
import { BellCount, NOTIFICATION_STREAM } from "../../views/notifications/bell";
import { backOfficeAccess } from "../accounts/middleware";
import { ErrorPage } from "../../views/errors";
import { deliverPendingNotices } from "./notices";
import { markAllRead, markRead, notificationsFor, unreadCount } from "./notify";
import { notificationStream } from "./stream";

/** Mounted at /manage/notifications by the back office (src/manage/routes.tsx), behind its staff guard (the stream answers for itself). */
export const notificationRoutes = new Hono<AppEnv>();

notificationRoutes.get("/", async (c) => {
  const { database, clock } = c.var.deps;
  const user = c.var.user!;
  await deliverPendingNotices(database, clock.now());
  const unreadOnly = c.req.query("show") === "unread";
  const items = await notificationsFor(database.db, user, { unreadOnly });
  return renderPage(c, "Notifications", <NotificationsPage items={items} unreadOnly={unreadOnly} />);
});

/**
 * A plain 401/403 rather than a redirect to the log-in page: the SSE extension would otherwise
 * follow the redirect, read the HTML as an empty stream and reconnect at once, over and over;
 * an error status makes it back off.
 */
notificationRoutes.get("/stream", async (c) => {
  if (!c.var.user) return c.text("Log in to receive notifications.", 401);
  const access = await backOfficeAccess(c.var.deps.database, c.var.user);
  if (access === "needs-second-factor") return c.text("Set up two-step sign-in to receive notifications.", 403);
  if (access !== "staff") return c.text("Notifications are for store staff.", 403);
  return notificationStream(c);
});

notificationRoutes.post("/read-all", async (c) => {
  const { database, clock } = c.var.deps;
  await markAllRead(database.db, c.var.user!, clock.now());
  return redirectAfterPost(c, "/manage/notifications", { kind: "success", text: "All notifications marked as read." });
});

const idParam = z.object({ id: z.coerce.number().int().positive() });

notificationRoutes.post("/:id/read", async (c) => {
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
        {item ? <NotificationRow item={item} /> : null}
        <BellCount count={count} oob />
      </>,
    );
  }
  return redirectAfterPost(c, "/manage/notifications");
});
