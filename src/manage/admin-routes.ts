import { Hono } from "hono";
import { requireStaff } from "../accounts/middleware";
import { auditRoutes } from "../audit/routes";
import { peopleRoutes } from "../accounts/people-routes";
import type { AppEnv } from "../http/env";
import { catalogImportRoutes } from "../catalog/food-info/import-routes";
import { jobRoutes } from "./jobs-routes";
import { outboxRoutes } from "./outbox-routes";

/** The admin's pages, mounted at /admin: the admin guard is set here once, for every page below it. */
export const adminRoutes = new Hono<AppEnv>();

adminRoutes.use(requireStaff("admin"));
adminRoutes.route("/people", peopleRoutes);
adminRoutes.route("/jobs", jobRoutes);
adminRoutes.route("/outbox", outboxRoutes);
adminRoutes.route("/audit", auditRoutes);
adminRoutes.route("/catalog", catalogImportRoutes);
