import type { JobRegistry } from "../jobs/registry";
import { orderPickedJob } from "./emails";

/** Picking's job types, for the store's registry (src/store-jobs.ts). */
export const registerPickingJobs = (registry: JobRegistry) => registry.register(orderPickedJob);
