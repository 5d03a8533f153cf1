import { Hono, type Context } from "hono";
import { z } from "zod";
import type { AppEnv } from "../http/env";
import { readForm, type FormErrors, type FormValues } from "../http/forms";
import { moneyFormatter } from "../http/money";
import { redirectAfterPost, renderPage, wantsFragment } from "../http/render";
import { PromoFormPage, PromoListPage, PromoRow, promoValues } from "../../views/manage/promo-codes";
import { ErrorPage } from "../../views/errors";
import { findPromoById, promoSummaries, savePromo, setPromoActive } from "./codes";
import { promoFormFor } from "./form";
import { dayFormatter } from "../http/days";

export const promoRoutes = new Hono<AppEnv>();

const idParam = z.object({ id: z.coerce.number().int().positive() });
const notFound = (c: Context<AppEnv>) =>
  renderPage(c, "Not found", <ErrorPage heading="No such promo code" message="That promo code does not exist." />, { status: 404 });

const showForm = (c: Context<AppEnv>, values: FormValues, errors: FormErrors, id?: number, status: 200 | 422 = 200) =>
  renderPage(c, id ? "Edit promo code" : "New promo code", <PromoFormPage id={id} values={values} errors={errors} dayPattern={dayFormatter(c).pattern} />, { status });

promoRoutes.get("/", async (c) => {
  const promos = await promoSummaries(c.var.deps.database.db);
  return renderPage(c, "Promo codes", <PromoListPage promos={promos} money={moneyFormatter(c)} days={dayFormatter(c)} />);
});

promoRoutes.get("/new", (c) => showForm(c, { kind: "percent" }, {}));

promoRoutes.post("/", async (c) => {
  const form = await readForm(c, promoFormFor(dayFormatter(c)));
  if (!form.ok) return showForm(c, form.values, form.errors, undefined, 422);
  const { database, clock } = c.var.deps;
  const saved = await savePromo(database, form.data, { actorId: c.var.user!.id, now: clock.now() });
  if (!saved.ok) return showForm(c, form.values, saved.errors, undefined, 422);
  return redirectAfterPost(c, "/manage/promo-codes", { kind: "success", text: `Promo code ${saved.promo.code} created.` });
});

promoRoutes.get("/:id/edit", async (c) => {
  const params = idParam.safeParse(c.req.param());
  const promo = params.success ? await findPromoById(c.var.deps.database.db, params.data.id) : null;
  if (!promo) return notFound(c);
  return showForm(c, promoValues(promo, dayFormatter(c)), {}, promo.id);
});

promoRoutes.post("/:id", async (c) => {
  const params = idParam.safeParse(c.req.param());
  const { database, clock } = c.var.deps;
  const promo = params.success ? await findPromoById(database.db, params.data.id) : null;
  if (!promo) return notFound(c);
  const form = await readForm(c, promoFormFor(dayFormatter(c)));
  if (!form.ok) return showForm(c, form.values, form.errors, promo.id, 422);
  const saved = await savePromo(database, form.data, { id: promo.id, actorId: c.var.user!.id, now: clock.now() });
  if (!saved.ok) return showForm(c, form.values, saved.errors, promo.id, 422);
  return redirectAfterPost(c, "/manage/promo-codes", { kind: "success", text: `Promo code ${saved.promo.code} saved.` });
});

const toggleParams = z.object({ id: z.coerce.number().int().positive(), action: z.enum(["activate", "deactivate"]) });

promoRoutes.post("/:id/:action", async (c) => {
  const params = toggleParams.safeParse(c.req.param());
  if (!params.success) return notFound(c);
  const { database, clock } = c.var.deps;
  const promo = await setPromoActive(database, params.data.id, params.data.action === "activate", { actorId: c.var.user!.id, now: clock.now() });
  if (!promo) return notFound(c);
  if (wantsFragment(c)) {
    const summary = (await promoSummaries(database.db)).find((row) => row.id === promo.id)!;
    return c.html(<PromoRow promo={summary} money={moneyFormatter(c)} days={dayFormatter(c)} />);
  }
  const text = promo.active ? `${promo.code} is active again.` : `${promo.code} is deactivated; shoppers can no longer use it.`;
  return redirectAfterPost(c, "/manage/promo-codes", { kind: "success", text });
});
