import { createRoute, z } from "@hono/zod-openapi";
import { bearerAuth, callerOf, requireStaffRole } from "../api/bearer";
import { apiRouter } from "../api/env";
import { ApiProblem, notFound, problems, problemType } from "../api/problem";
import { IdParam } from "../api/schemas";
import type { Address, DeliveryZone } from "../db/fulfilment-tables";
import { addressInput, deleteAddress, listAddresses, ownAddress, saveAddress } from "./addresses";
import { listZones, saveZone, zoneById, zoneInput } from "./zones";

/** Delivery zones (managers) and the shopper's address book. */
export const placesApi = apiRouter();
placesApi.use("/delivery-zones", bearerAuth(), requireStaffRole("manager"));
placesApi.use("/delivery-zones/*", bearerAuth(), requireStaffRole("manager"));
placesApi.use("/addresses", bearerAuth());
placesApi.use("/addresses/*", bearerAuth());

const ZoneSchema = z
  .object({
    id: z.number().int(),
    name: z.string().openapi({ example: "Dublin city centre" }),
    prefixes: z.array(z.string()).openapi({ description: "Postcode / Eircode routing-key prefixes; the longest match wins.", example: ["D01", "D02"] }),
    fee_cents: z.number().int().openapi({ example: 300 }),
    free_from_cents: z.number().int().nullable().openapi({ description: "Baskets from this amount are delivered free; null: never.", example: 6000 }),
    minimum_basket_cents: z.number().int().openapi({ example: 2500 }),
    active: z.boolean(),
  })
  .openapi("DeliveryZone");

const zoneJson = (zone: DeliveryZone): z.infer<typeof ZoneSchema> => ({
  id: zone.id,
  name: zone.name,
  prefixes: zone.prefixes.split(" "),
  fee_cents: zone.feeCents,
  free_from_cents: zone.freeFromCents,
  minimum_basket_cents: zone.minimumBasketCents,
  active: zone.active,
});
const zoneContent = { "application/json": { schema: ZoneSchema } };
const ZoneBody = zoneInput.openapi("NewDeliveryZone", { example: { name: "Dublin city centre", prefixes: "D01 D02", fee_cents: 300, free_from_cents: 6000, minimum_basket_cents: 2500 } });

placesApi.openapi(
  createRoute({
    method: "get",
    path: "/delivery-zones",
    operationId: "listDeliveryZones",
    tags: ["Slots"],
    summary: "Delivery zones (manager)",
    responses: { 200: { description: "Every zone.", content: { "application/json": { schema: z.object({ items: z.array(ZoneSchema), next_cursor: z.string().nullable() }).openapi("DeliveryZoneList") } } }, ...problems(401, 403) },
  }),
  async (c) => c.json({ items: (await listZones(c.var.deps.database.db)).map(zoneJson), next_cursor: null }, 200),
);

placesApi.openapi(
  createRoute({
    method: "post",
    path: "/delivery-zones",
    operationId: "createDeliveryZone",
    tags: ["Slots"],
    summary: "Add a delivery zone (manager)",
    request: { body: { required: true, content: { "application/json": { schema: ZoneBody } } } },
    responses: { 201: { description: "The new zone.", content: zoneContent }, ...problems(401, 403, 422) },
  }),
  async (c) => {
    const { database } = c.var.deps;
    const saved = await saveZone(database, c.req.valid("json"));
    return c.json(zoneJson((await zoneById(database.db, saved.ok ? saved.id : 0))!), 201);
  },
);

placesApi.openapi(
  createRoute({
    method: "put",
    path: "/delivery-zones/{id}",
    operationId: "updateDeliveryZone",
    tags: ["Slots"],
    summary: "Replace a delivery zone (manager)",
    description: "Send the whole zone; `active: false` stops it serving addresses.",
    request: { params: IdParam, body: { required: true, content: { "application/json": { schema: ZoneBody } } } },
    responses: { 200: { description: "The zone.", content: zoneContent }, ...problems(401, 403, 404, 422) },
  }),
  async (c) => {
    const { database } = c.var.deps;
    const saved = await saveZone(database, c.req.valid("json"), c.req.valid("param").id);
    if (!saved.ok) throw notFound("No delivery zone with that id.");
    return c.json(zoneJson((await zoneById(database.db, saved.id))!), 200);
  },
);

const AddressSchema = z
  .object({
    id: z.number().int(),
    label: z.string().openapi({ example: "Home" }),
    line1: z.string().openapi({ example: "12 Grafton Street" }),
    line2: z.string(),
    town: z.string().openapi({ example: "Dublin 2" }),
    postcode: z.string().openapi({ example: "D02 X285" }),
    is_default: z.boolean(),
  })
  .openapi("Address");
const addressJson = (a: Address): z.infer<typeof AddressSchema> => ({ id: a.id, label: a.label, line1: a.line1, line2: a.line2, town: a.town, postcode: a.postcode, is_default: a.isDefault });
const addressContent = { "application/json": { schema: AddressSchema } };
const AddressBody = addressInput.openapi("NewAddress", { example: { label: "Home", line1: "12 Grafton Street", town: "Dublin 2", postcode: "D02 X285", make_default: true } });

const outsideZones = (message: string) =>
  new ApiProblem(422, "Unprocessable Content", message, { type: problemType("outside-delivery-zones"), errors: [{ path: "postcode", message: "is outside every delivery zone" }] });

placesApi.openapi(
  createRoute({
    method: "get",
    path: "/addresses",
    operationId: "listAddresses",
    tags: ["Slots"],
    summary: "Your address book",
    responses: { 200: { description: "Your addresses, the default first.", content: { "application/json": { schema: z.object({ items: z.array(AddressSchema), next_cursor: z.string().nullable() }).openapi("AddressList") } } }, ...problems(401) },
  }),
  async (c) => c.json({ items: (await listAddresses(c.var.deps.database.db, callerOf(c).id)).map(addressJson), next_cursor: null }, 200),
);

placesApi.openapi(
  createRoute({
    method: "post",
    path: "/addresses",
    operationId: "createAddress",
    tags: ["Slots"],
    summary: "Add an address (checked against the delivery zones)",
    description: "An address no zone delivers to is refused (422 `outside-delivery-zones`). The first address, or one sent with `make_default`, is the default.",
    request: { body: { required: true, content: { "application/json": { schema: AddressBody } } } },
    responses: { 201: { description: "The new address.", content: addressContent }, ...problems(401, 422) },
  }),
  async (c) => {
    const { database } = c.var.deps;
    const user = callerOf(c);
    const saved = await saveAddress(database, user.id, c.req.valid("json"));
    if (!saved.ok) throw outsideZones(saved.message);
    return c.json(addressJson((await ownAddress(database.db, user.id, saved.id))!), 201);
  },
);

placesApi.openapi(
  createRoute({
    method: "put",
    path: "/addresses/{id}",
    operationId: "updateAddress",
    tags: ["Slots"],
    summary: "Replace one of your addresses",
    request: { params: IdParam, body: { required: true, content: { "application/json": { schema: AddressBody } } } },
    responses: { 200: { description: "The address.", content: addressContent }, ...problems(401, 404, 422) },
  }),
  async (c) => {
    const { database } = c.var.deps;
    const user = callerOf(c);
    const saved = await saveAddress(database, user.id, c.req.valid("json"), c.req.valid("param").id);
    if (!saved.ok) throw saved.field === "id" ? notFound(saved.message) : outsideZones(saved.message);
    return c.json(addressJson((await ownAddress(database.db, user.id, saved.id))!), 200);
  },
);

placesApi.openapi(
  createRoute({
    method: "delete",
    path: "/addresses/{id}",
    operationId: "deleteAddress",
    tags: ["Slots"],
    summary: "Remove one of your addresses",
    description: "Orders keep the address they were delivered to.",
    request: { params: IdParam },
    responses: { 204: { description: "Removed." }, ...problems(401, 404) },
  }),
  async (c) => {
    if (!(await deleteAddress(c.var.deps.database, callerOf(c).id, c.req.valid("param").id))) throw notFound("No address of yours with that id.");
    return c.body(null, 204);
  },
);
