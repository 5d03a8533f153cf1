import { Hono } from "hono";
import { z } from "zod";
import { JOB_STATUSES } from "../db/schema";
import { momentFormatter } from "../http/days";
import type { AppEnv } from "../http/env";
import { redirectAfterPost, renderPage, wantsFragment } from "../http/render";
import { JobBoard, JobRow, JobsPage } from "../../views/admin/jobs";
import { ErrorPage } from "../../views/errors";
import { countJobsByStatus, listJobs, retryFailedJob } from "../jobs/queue";
import { runScheduleNow, schedulesWithLastRun } from "../jobs/run-now";
import { schedules } from "../store-jobs";

export const jobRoutes = new Hono<AppEnv>();


const statusQuery = z.enum(JOB_STATUSES).catch("queued");

jobRoutes.get("/", async (c) => {
  const status = statusQuery.parse(c.req.query("status"));
  const db = c.var.deps.database.db;
  const [counts, jobs] = await Promise.all([countJobsByStatus(db), listJobs(db, [status])]);
  // htmx (the polling board) gets the board alone; a plain visit gets the page.
  if (wantsFragment(c)) {
    c.header("Vary", "HX-Request");
    return c.html(<JobBoard status={status} counts={counts} jobs={jobs} moment={momentFormatter(c)} />);
  }
  const scheduleList = await schedulesWithLastRun(db, schedules);
  return renderPage(c, "Jobs", <JobsPage status={status} counts={counts} jobs={jobs} schedules={scheduleList} moment={momentFormatter(c)} />);
});

const scheduleName = z.string().regex(/^[a-z0-9-]{1,60}$/);

jobRoutes.post("/schedules/:name/run", async (c) => {
  const name = scheduleName.safeParse(c.req.param("name"));
  const outcome = name.success ? await runScheduleNow(c.var.deps, schedules, name.data, c.var.user!) : ({ ok: false, reason: "unknown" } as const);
  if (outcome.ok) return redirectAfterPost(c, "/admin/jobs?status=queued", { kind: "success", text: `${name.data} ran now: its work is queued below.` });
  if (outcome.reason === "unknown") return renderPage(c, "No such schedule", <ErrorPage heading="No such schedule" message="That schedule does not exist." />, { status: 404 });
  if (outcome.reason === "busy") return renderPage(c, "Already running", <ErrorPage heading="Already running" message="That schedule was started at this very moment; look at the queued jobs." />, { status: 409 });
  return redirectAfterPost(c, "/admin/jobs?status=queued", { kind: "error", text: `${name.data} could not run; the error is in the server log.` });
});

jobRoutes.post("/:id/retry", async (c) => {
  const id = z.coerce.number().int().positive().safeParse(c.req.param("id"));
  const { database, clock } = c.var.deps;
  const job = id.success ? await retryFailedJob(database.db, id.data, clock.now()) : null;
  if (!job) {
    return renderPage(c, "Not retried", <ErrorPage heading="Nothing to retry" message="That job does not exist or has not failed." />, { status: 409 });
  }
  if (wantsFragment(c)) return c.html(<JobRow job={job} moment={momentFormatter(c)} />);
  return redirectAfterPost(c, "/admin/jobs?status=queued", { kind: "success", text: `Job #${job.id} is queued again.` });
});
