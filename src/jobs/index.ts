/** What the runtime entries (src/server.ts, src/worker.ts) need from the jobs domain. */
export { schedulesForTrigger, triggerCrons } from "./dispatch";
export { catchUpSlot, runDueSlots, runSlot } from "./run-slot";
export { schedules, type ScheduledJob } from "./schedule";
export { storeJobs } from "./handlers";
export { drainJobs, runNextJob, startWorker } from "./worker";
export { enqueue } from "./queue";
export type { JobContext } from "./registry";
export { handleCronTrigger } from "./trigger";
