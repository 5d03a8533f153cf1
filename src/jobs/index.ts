/** What the runtime entries (src/server.ts, src/worker.ts) need from the job queue; the job types and schedules are src/store-jobs.ts. */
export { schedulesForTrigger, triggerCrons } from "./dispatch";
export { catchUpSlot, runDueSlots, runSlot } from "./run-slot";
export type { ScheduledJob } from "./schedule";
export { drainJobs, runNextJob, startWorker } from "./worker";
export { enqueue } from "./queue";
export type { JobContext } from "./registry";
export { handleCronTrigger } from "./trigger";
