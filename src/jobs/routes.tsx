import { Hono } from "hono";
import { z } from "zod";
import { JOB_STATUSES } from "../db/schema";
import type { AppEnv } from "../http/env";
import { redirectAfterPost, renderPage, wantsFragment } from "../http/render";
import { JobBoard, JobRow, JobsPage } from "../../views/admin/jobs";
import { ErrorPage } from "../../views/errors";
import { countJobsByStatus, listJobs, retryFailedJob } from "./queue";

export const jobRoutes = new Hono<AppEnv>();


const statusQuery = z.enum(JOB_STATUSES).catch("queued");

jobRoutes.get("/", async (c) => {
  const status = statusQuery.parse(c.req.query("status"));
  const db = c.var.deps.database.db;
  const [counts, jobs] = await Promise.all([countJobsByStatus(db), listJobs(db, [status])]);
  // htmx (the polling board) gets the board alone; a plain visit gets the page.
  if (wantsFragment(c)) {
    c.header("Vary", "HX-Request");
    return c.html(<JobBoard status={status} counts={counts} jobs={jobs} />);
  }
  return renderPage(c, "Jobs", <JobsPage status={status} counts={counts} jobs={jobs} />);
});

jobRoutes.post("/:id/retry", async (c) => {
  const id = z.coerce.number().int().positive().safeParse(c.req.param("id"));
  const { database, clock } = c.var.deps;
  const job = id.success ? await retryFailedJob(database.db, id.data, clock.now()) : null;
  if (!job) {
    return renderPage(c, "Not retried", <ErrorPage heading="Nothing to retry" message="That job does not exist or has not failed." />, { status: 409 });
  }
  if (wantsFragment(c)) return c.html(<JobRow job={job} />);
  return redirectAfterPost(c, "/admin/jobs?status=queued", { kind: "success", text: `Job #${job.id} is queued again.` });
});
