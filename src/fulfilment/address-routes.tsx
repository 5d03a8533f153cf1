import { Hono, type Context } from "hono";
import { z } from "zod";
import { requireSignedIn } from "../accounts/middleware";
import type { AppEnv } from "../http/env";
import { readForm, type FormErrors, type FormValues } from "../http/forms";
import { redirectAfterPost, renderNotFound, renderPage } from "../http/render";
import { AddressBookPage } from "../../views/fulfilment/address-book";
import { addressInput, deleteAddress, listAddresses, makeDefaultAddress, saveAddress } from "./addresses";

/** Mounted at /account/addresses: the shopper's address book, with the same rules as the address API. */
export const addressBookRoutes = new Hono<AppEnv>();
addressBookRoutes.use(requireSignedIn());

const idOf = (c: Context<AppEnv>) => z.coerce.number().int().positive().max(1e12).safeParse(c.req.param("id"));

async function page(c: Context<AppEnv>, options: { editing?: number | null; values?: FormValues; errors?: FormErrors; status?: 200 | 404 | 422 } = {}) {
  const addresses = await listAddresses(c.var.deps.database.db, c.var.user!.id);
  return renderPage(c, "Your addresses", <AddressBookPage addresses={addresses} editing={options.editing ?? null} values={options.values ?? {}} errors={options.errors ?? {}} />, { status: options.status ?? 200 });
}

addressBookRoutes.get("/", (c) => page(c));

async function save(c: Context<AppEnv>, id?: number) {
  const form = await readForm(c, addressInput);
  if (!form.ok) return page(c, { editing: id ?? null, values: form.values, errors: form.errors, status: 422 });
  const saved = await saveAddress(c.var.deps.database, c.var.user!.id, form.data, id);
  if (!saved.ok) return saved.field === "id" ? renderNotFound(c) : page(c, { editing: id ?? null, values: form.values, errors: { [saved.field]: saved.message }, status: 422 });
  return redirectAfterPost(c, "/account/addresses", { kind: "success", text: id ? "Address saved." : "Address added: we deliver there." });
}

addressBookRoutes.post("/", (c) => save(c));

addressBookRoutes.post("/:id", async (c) => {
  const id = idOf(c);
  return id.success ? save(c, id.data) : renderNotFound(c);
});

addressBookRoutes.post("/:id/default", async (c) => {
  const id = idOf(c);
  if (!id.success || !(await makeDefaultAddress(c.var.deps.database, c.var.user!.id, id.data))) return renderNotFound(c);
  return redirectAfterPost(c, "/account/addresses", { kind: "success", text: "That is your default address now." });
});

addressBookRoutes.post("/:id/delete", async (c) => {
  const id = idOf(c);
  if (!id.success || !(await deleteAddress(c.var.deps.database, c.var.user!.id, id.data))) return renderNotFound(c);
  return redirectAfterPost(c, "/account/addresses", { kind: "success", text: "Address deleted." });
});
