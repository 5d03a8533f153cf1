import { Hono, type Context } from "hono";
import { z } from "zod";
import { parseMoney } from "../values/money";
import type { AppEnv } from "../http/env";
import type { FormErrors, FormValues } from "../http/forms";
import { moneyFormatter } from "../http/money";
import { redirectAfterPost, renderPage } from "../http/render";
import { ZonesPage, zoneValues } from "../../views/fulfilment/zones";
import { listZones, saveZone, zoneById, zoneInput } from "./zones";

/** Delivery zones for managers (mounted at /manage/zones): the same zoneInput as the API. */
export const zoneManageRoutes = new Hono<AppEnv>();

const EMPTY: FormValues = { fee: "0.00", minimum_basket: "0.00", active: "on" };

async function showZones(c: Context<AppEnv>, options: { values?: FormValues; errors?: FormErrors; editing?: number; status?: 200 | 404 | 422 } = {}) {
  const zones = await listZones(c.var.deps.database.db);
  const page = <ZonesPage zones={zones} money={moneyFormatter(c)} values={options.values ?? EMPTY} errors={options.errors ?? {}} editing={options.editing} />;
  return renderPage(c, "Delivery zones", page, { status: options.status });
}

const MONEY_FIELDS = [
  ["fee", "fee_cents", "Enter the fee as an amount such as 2.00, or 0."],
  ["free_from", "free_from_cents", "Enter the free-delivery amount such as 60.00, or leave it empty."],
  ["minimum_basket", "minimum_basket_cents", "Enter the minimum basket as an amount such as 25.00, or 0."],
] as const;

/** The form's amounts in money become the input's cents; then the one zone schema decides. */
function readZoneForm(values: FormValues) {
  const errors: FormErrors = {};
  const input: Record<string, unknown> = { name: values.name, prefixes: values.prefixes, active: values.active ?? "" };
  for (const [field, key, message] of MONEY_FIELDS) {
    const text = (values[field] ?? "").trim();
    if (field === "free_from" && text === "") input[key] = null;
    else {
      const cents = parseMoney(text);
      if (cents === null) errors[field] = message;
      input[key] = cents ?? 0;
    }
  }
  const parsed = zoneInput.safeParse(input);
  if (!parsed.success) {
    const back = Object.fromEntries(MONEY_FIELDS.map(([field, key]) => [key, field]));
    for (const issue of parsed.error.issues) errors[back[String(issue.path[0])] ?? String(issue.path[0] ?? "form")] ??= issue.message;
  }
  return parsed.success && Object.keys(errors).length === 0 ? { ok: true as const, data: parsed.data } : { ok: false as const, errors };
}

async function formValues(c: Context<AppEnv>): Promise<FormValues> {
  try {
    const body = await c.req.parseBody();
    return Object.fromEntries(Object.entries(body).filter((entry): entry is [string, string] => typeof entry[1] === "string"));
  } catch {
    return {};
  }
}

zoneManageRoutes.get("/", (c) => showZones(c));

zoneManageRoutes.post("/", async (c) => {
  const values = await formValues(c);
  const form = readZoneForm(values);
  if (!form.ok) return showZones(c, { values, errors: form.errors, status: 422 });
  await saveZone(c.var.deps.database, form.data);
  return redirectAfterPost(c, "/manage/zones", { kind: "success", text: `Zone ${form.data.name} added.` });
});

const idParam = z.object({ id: z.coerce.number().int().positive() });

zoneManageRoutes.get("/:id/edit", async (c) => {
  const params = idParam.safeParse(c.req.param());
  const zone = params.success ? await zoneById(c.var.deps.database.db, params.data.id) : null;
  if (!zone) return showZones(c, { errors: { form: "No such zone." }, status: 404 });
  return showZones(c, { values: zoneValues(zone), editing: zone.id });
});

zoneManageRoutes.post("/:id", async (c) => {
  const params = idParam.safeParse(c.req.param());
  if (!params.success) return showZones(c, { errors: { form: "No such zone." }, status: 404 });
  const values = await formValues(c);
  const form = readZoneForm(values);
  if (!form.ok) return showZones(c, { values, errors: form.errors, editing: params.data.id, status: 422 });
  const saved = await saveZone(c.var.deps.database, form.data, params.data.id);
  if (!saved.ok) return showZones(c, { errors: { form: "No such zone." }, status: 404 });
  return redirectAfterPost(c, "/manage/zones", { kind: "success", text: `Zone ${form.data.name} saved.` });
});
