import { DataTable } from "../components/data-table";
import type { Job, JobStatus } from "../../src/db/schema";
import { orderNumber } from "../../src/orders/queries";
import type { ScheduleView } from "../../src/jobs/run-now";
import type { MomentFormat } from "../../src/http/days";

export const JOB_TABS: { status: JobStatus; label: string }[] = [
  { status: "queued", label: "Queued" },
  { status: "running", label: "Running" },
  { status: "failed", label: "Failed" },
  { status: "done", label: "Done" },
];

function summary(job: Job, moment: MomentFormat): string {
  try {
    const payload = JSON.parse(job.payload) as Record<string, unknown>;
    if (typeof payload.subject === "string") return `${payload.subject} → ${String(payload.to)}`;
    if (typeof payload.template === "string") return `${payload.template} → ${String(payload.to)}`;
    if (typeof payload.slot === "string" && !Number.isNaN(Date.parse(payload.slot))) return `slot ${moment(new Date(payload.slot))}`;
    if (typeof payload.orderId === "number") return `order ${orderNumber({ id: payload.orderId })}`;
  } catch {
    // A payload that is not JSON shows nothing.
  }
  return "";
}

export function JobRow({ job, moment }: { job: Job; moment: MomentFormat }) {
  return (
    <tr id={`job-${job.id}`}>
      <td>#{job.id}</td>
      <td>
        <strong>{job.type}</strong>
        <br />
        <span class="muted">{summary(job, moment)}</span>
      </td>
      <td>
        <span class={`badge badge-job-${job.status}`}>{job.status}</span>
        {job.status === "running" ? (
          <progress max={100} value={job.progress} aria-label={`Job ${job.id} progress`}>
            {job.progress}%
          </progress>
        ) : null}
      </td>
      <td>
        {job.attempts} / {job.maxAttempts}
      </td>
      <td>{job.status === "done" || job.status === "failed" ? (job.finishedAt ? moment(job.finishedAt) : "") : moment(job.runAt)}</td>
      <td class="job-error">{job.lastError ?? ""}</td>
      <td>
        {job.resultUrl ? <a href={job.resultUrl}>Result</a> : null}
        {job.status === "failed" ? (
          <form method="post" action={`/admin/jobs/${job.id}/retry`} hx-post={`/admin/jobs/${job.id}/retry`} hx-target={`#job-${job.id}`} hx-swap="outerHTML">
            <button type="submit" class="button button-small">Retry</button>
          </form>
        ) : null}
      </td>
    </tr>
  );
}

/** The part that polls while work is queued or running, and stops once everything settled. */
export function JobBoard(props: { status: JobStatus; counts: Record<JobStatus, number>; jobs: Job[]; moment: MomentFormat }) {
  const active = props.counts.queued + props.counts.running > 0;
  const url = `/admin/jobs?status=${props.status}`;
  return (
    <div id="job-board" hx-get={active ? url : undefined} hx-trigger={active ? "every 2s" : undefined} hx-swap={active ? "outerHTML" : undefined}>
      <nav class="tabs" aria-label="Job status">
        {JOB_TABS.map((tab) => (
          <a href={`/admin/jobs?status=${tab.status}`} aria-current={tab.status === props.status ? "page" : undefined} class={tab.status === props.status ? "tab tab-current" : "tab"}>
            {tab.label} <span class="count">{props.counts[tab.status]}</span>
          </a>
        ))}
      </nav>
      <DataTable
        columns={["Job", "Type", "Status", "Attempts", props.status === "done" || props.status === "failed" ? "Finished" : "Runs at", "Last error", <span class="visually-hidden">Actions</span>]}
        rows={props.jobs}
        row={(job) => <JobRow job={job} moment={props.moment} />}
        empty={<p class="muted">No {props.status} jobs.</p>}
      />
    </div>
  );
}

/** Who served a schedule's last slot: the clock (an instance) or the admin by hand. */
const servedBy = (claimedBy: string | null) => (claimedBy?.startsWith("admin:") ? "run by hand" : claimedBy ? "on schedule" : "");

/** Every schedule, when it last ran, and a button that runs it now (it queues its job at once). */
export function ScheduleList({ schedules, moment }: { schedules: ScheduleView[]; moment: MomentFormat }) {
  return (
    <section aria-labelledby="schedules-heading" class="schedules">
      <h2 id="schedules-heading">Schedules</h2>
      <DataTable
        columns={["Schedule", "When (cron, UTC)", "Last run", <span class="visually-hidden">Run</span>]}
        rows={schedules}
        row={(schedule) => (
          <tr>
            <td><strong>{schedule.name}</strong></td>
            <td><code>{schedule.cron}</code></td>
            <td>
              {schedule.lastSlot ? moment(schedule.lastSlot) : <span class="muted">never</span>}
              {schedule.lastSlot ? <span class="muted"> · {servedBy(schedule.lastBy)}</span> : null}
            </td>
            <td>
              <form method="post" action={`/admin/jobs/schedules/${schedule.name}/run`}>
                <button type="submit" class="button button-small">
                  Run now<span class="visually-hidden">: {schedule.name}</span>
                </button>
              </form>
            </td>
          </tr>
        )}
        empty={<p class="muted">No schedules.</p>}
      />
    </section>
  );
}

export function JobsPage(props: { status: JobStatus; counts: Record<JobStatus, number>; jobs: Job[]; schedules: ScheduleView[]; moment: MomentFormat }) {
  return (
    <section>
      <h1>Jobs</h1>
      <p class="muted">Emails, reports and exports run here, outside of page requests. Failed jobs keep their error and can be retried.</p>
      <JobBoard status={props.status} counts={props.counts} jobs={props.jobs} moment={props.moment} />
      <ScheduleList schedules={props.schedules} moment={props.moment} />
    </section>
  );
}
