import type { JobRegistry } from "../jobs/registry";
import { orderConfirmationJob } from "./emails";

/** The orders' job types, for the store's registry (src/store-jobs.ts). */
export const registerOrderJobs = (registry: JobRegistry) => registry.register(orderConfirmationJob);
