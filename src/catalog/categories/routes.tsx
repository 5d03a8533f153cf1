import { Hono, type Context } from "hono";
import { z } from "zod";
import { requireStaff } from "../../accounts/middleware";
import { momentFormatter } from "../../http/days";
import type { AppEnv } from "../../http/env";
import { readForm } from "../../http/forms";
import { redirectAfterPost, renderPage, wantsFragment } from "../../http/render";
import { CategoriesPage, type CategoriesView, type Problem } from "../../../views/manage/catalog/categories";
import { categoryForm, changeRequestForm, declineForm } from "./forms";
import { createCategory, deleteCategory, editCategory, listCategories, listRequests, requestChange, type Outcome } from "./categories";
import { decideRequest } from "./decisions";
import { readWalkForm, setWalkOrder } from "./walk-order";

/** Mounted at PAGE by the back office (src/manage/routes.tsx), behind its staff guard; deleting is the admin's. */
export const categoryRoutes = new Hono<AppEnv>();
/** Mounted at /manage/category-requests: deciding a manager's request is the admin's alone. */
export const categoryRequestRoutes = new Hono<AppEnv>();

const PAGE = "/manage/categories";
const idParam = z.coerce.number().int().positive();

categoryRoutes.use("/:id/delete", requireStaff("admin"));
categoryRequestRoutes.use(requireStaff("admin"));

async function showPage(c: Context<AppEnv>, extra: Partial<CategoriesView> = {}, status: 200 | 404 | 409 | 422 = 200) {
  const { db } = c.var.deps.database;
  const [categories, pending, history] = await Promise.all([
    listCategories(db),
    listRequests(db, { status: "pending" }),
    listRequests(db, { limit: 50 }).then((rows) => rows.filter((row) => row.status !== "pending")),
  ]);
  const view: CategoriesView = { isAdmin: c.var.user!.role === "admin", categories, pending, history, ...extra };
  return renderPage(c, "Categories", <CategoriesPage view={view} moment={momentFormatter(c)} />, { status });
}

/** Success: plain forms get 303 + flash; htmx gets the refreshed section with the notice. */
function answer(c: Context<AppEnv>, outcome: Outcome, where: string, values?: Record<string, string>) {
  if (!outcome.ok) {
    const problem: Problem = { where, message: outcome.message };
    return showPage(c, { problem, values }, outcome.status);
  }
  if (wantsFragment(c)) return showPage(c, { notice: outcome.message });
  return redirectAfterPost(c, PAGE, { kind: "success", text: outcome.message });
}

function badId(c: Context<AppEnv>) {
  return showPage(c, { problem: { where: "page", message: "That category or request does not exist." } }, 404);
}

categoryRoutes.get("/", (c) => showPage(c));

categoryRoutes.post("/", async (c) => {
  const form = await readForm(c, categoryForm);
  if (!form.ok) return showPage(c, { problem: { where: "new", message: Object.values(form.errors)[0]! }, values: form.values }, 422);
  const { deps } = c.var;
  return answer(c, await createCategory(deps.database, c.var.user!, form.data, deps.clock.now()), "new", form.values);
});

/** The walk order is the shop's own (managers set it at once, no request); every aisle in one form. */
categoryRoutes.post("/walk-order", async (c) => {
  const { deps } = c.var;
  const body = await c.req.parseBody();
  const values = Object.fromEntries(Object.entries(body).filter((entry): entry is [string, string] => typeof entry[1] === "string"));
  const read = readWalkForm(body, await listCategories(deps.database.db));
  if (!read.ok) return showPage(c, { problem: { where: "walk", message: read.message }, values }, 422);
  return answer(c, await setWalkOrder(deps.database, c.var.user!, read.places, deps.clock.now()), "walk", values);
});

categoryRoutes.post(`/:id`, requireStaff("admin"), async (c) => {
  const id = idParam.safeParse(c.req.param("id"));
  if (!id.success) return badId(c);
  const form = await readForm(c, categoryForm);
  const where = `category-${id.data}`;
  if (!form.ok) return showPage(c, { problem: { where, message: Object.values(form.errors)[0]! } }, 422);
  const { deps } = c.var;
  return answer(c, await editCategory(deps.database, c.var.user!, id.data, form.data, deps.clock.now()), where);
});

categoryRoutes.post(`/:id/delete`, async (c) => {
  const id = idParam.safeParse(c.req.param("id"));
  if (!id.success) return badId(c);
  const { deps } = c.var;
  return answer(c, await deleteCategory(deps.database, c.var.user!, id.data, deps.clock.now()), `category-${id.data}`);
});

categoryRoutes.post(`/:id/requests`, async (c) => {
  const id = idParam.safeParse(c.req.param("id"));
  if (!id.success) return badId(c);
  const where = `category-${id.data}`;
  const form = await readForm(c, changeRequestForm);
  if (!form.ok) return showPage(c, { problem: { where, message: Object.values(form.errors)[0]! } }, 422);
  const { deps } = c.var;
  return answer(c, await requestChange(deps.database, c.var.user!, id.data, form.data, deps.clock.now()), where);
});

categoryRequestRoutes.post("/:id/approve", async (c) => {
  const id = idParam.safeParse(c.req.param("id"));
  if (!id.success) return badId(c);
  const { deps } = c.var;
  return answer(c, await decideRequest(deps.database, c.var.user!, id.data, { approve: true }, deps.clock.now()), `request-${id.data}`);
});

categoryRequestRoutes.post("/:id/decline", async (c) => {
  const id = idParam.safeParse(c.req.param("id"));
  if (!id.success) return badId(c);
  const where = `request-${id.data}`;
  const form = await readForm(c, declineForm);
  if (!form.ok) return showPage(c, { problem: { where, message: form.errors.reason ?? Object.values(form.errors)[0]! } }, 422);
  const { deps } = c.var;
  return answer(c, await decideRequest(deps.database, c.var.user!, id.data, { approve: false, reason: form.data.reason }, deps.clock.now()), where);
});
