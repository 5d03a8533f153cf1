import Stripe from "stripe";

/*
 * A TEST DOUBLE of Stripe's HTTP API, not Stripe. No Stripe endpoint is reachable from these
 * machines and no local Stripe server can be installed (ADR 030), so the official `stripe` client is
 * pointed at this small server on 127.0.0.1 (its `host`, `port` and `protocol` options). It answers
 * only the calls Grocer makes, with the request and response shapes of Stripe's documented API
 * (form-encoded bodies, `{ error: { type, code, message } }` errors, `Idempotency-Key` replays), and
 * refuses what Stripe refuses: a declined card, capturing an expired or already captured
 * authorisation, capturing more than was authorised, refunding more than was captured, an
 * idempotency key reused with other parameters. It also serves a hosted payment page a browser can
 * pay on with Stripe's test card numbers, and sends webhooks signed with the real library's
 * test-header helper. Anything it does not implement answers 404 like an unknown Stripe route.
 */

type Json = Record<string, unknown>;
type Answer = { status: number; body: Json };

export type DoubleSession = {
  id: string;
  object: "checkout.session";
  amount_total: number;
  currency: string;
  mode: "payment";
  status: "open" | "complete" | "expired";
  payment_status: "unpaid" | "paid";
  payment_intent: string | null;
  client_reference_id: string | null;
  metadata: Record<string, string>;
  success_url: string;
  cancel_url: string | null;
  url: string | null;
  created: number;
  expires_at: number;
  livemode: false;
  capture_method: "manual" | "automatic";
  intent_metadata: Record<string, string>;
  customer: string | null;
  customer_creation: "always" | "if_required" | null;
  /** Not shown: what the session's PaymentIntent is set up for (payment_intent_data[setup_future_usage]). */
  setup_future_usage: "on_session" | "off_session" | null;
};

/** A card the double saw: kept to charge it again off-session when it is attached to a Customer. */
export type DoublePaymentMethod = { id: string; object: "payment_method"; type: "card"; customer: string | null; card: { last4: string }; number: string; usedWithoutCustomer: boolean; declines: boolean };

export type DoubleIntent = {
  id: string;
  object: "payment_intent";
  amount: number;
  amount_capturable: number;
  amount_received: number;
  currency: string;
  capture_method: "manual" | "automatic";
  status: "requires_payment_method" | "requires_capture" | "succeeded" | "canceled";
  cancellation_reason: string | null;
  latest_charge: string | null;
  metadata: Record<string, string>;
  created: number;
  livemode: false;
  customer: string | null;
  payment_method: string | null;
  setup_future_usage: "on_session" | "off_session" | null;
  last_payment_error: Json | null;
  /** Not Stripe's field: the refunded total the double keeps to refuse over-refunds. */
  amount_refunded: number;
};

export type DoubleRefund = {
  id: string;
  object: "refund";
  amount: number;
  currency: string;
  payment_intent: string;
  charge: string | null;
  reason: string | null;
  status: "succeeded";
  metadata: Record<string, string>;
  created: number;
};

/** Stripe's documented test cards: this one succeeds, the others are declined with their codes. */
export const TEST_CARDS = {
  visa: "4242424242424242",
  declined: "4000000000000002",
  insufficientFunds: "4000000000009995",
} as const;

const DECLINES: Record<string, { decline_code: string; message: string }> = {
  [TEST_CARDS.declined]: { decline_code: "generic_decline", message: "Your card was declined." },
  [TEST_CARDS.insufficientFunds]: { decline_code: "insufficient_funds", message: "Your card has insufficient funds." },
};

const error = (status: number, type: string, message: string, extra: Json = {}): Answer => ({ status, body: { error: { type, message, ...extra } } });
const notFound = (kind: string, id: string) => error(404, "invalid_request_error", `No such ${kind}: '${id}'`, { code: "resource_missing", param: "id" });
const unexpectedState = (intent: DoubleIntent, action: string) =>
  error(400, "invalid_request_error", `This PaymentIntent could not be ${action} because it has a status of ${intent.status}.`, {
    code: "payment_intent_unexpected_state",
    payment_intent: intentJson(intent),
  });

function intentJson(intent: DoubleIntent): Json {
  const { amount_refunded: _refunded, ...shown } = intent;
  return shown;
}

/** Stripe's form encoding (`a[b][0][c]=x`) back into nested objects, as Stripe reads it. */
export function parseForm(body: string): Json {
  const root: Json = {};
  for (const [name, value] of new URLSearchParams(body)) {
    const path = name.replace(/\]/g, "").split("[");
    let node: Json = root;
    path.forEach((part, i) => {
      if (i === path.length - 1) node[part] = value;
      else node = (node[part] ??= {}) as Json;
    });
  }
  return root;
}

const text = (value: unknown) => (typeof value === "string" ? value : undefined);
const amountOf = (value: unknown) => (typeof value === "string" && /^\d+$/.test(value) ? Number(value) : undefined);
const strings = (value: unknown): Record<string, string> =>
  value && typeof value === "object" ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, String(v)])) : {};

export type StripeDoubleOptions = { webhookSecret?: string };

/** Starts the double; `client()` gives the official library pointed at it. */
export async function startStripeDouble(options: StripeDoubleOptions = {}) {
  const webhookSecret = options.webhookSecret ?? "whsec_test_double_secret";
  const sessions = new Map<string, DoubleSession>();
  const intents = new Map<string, DoubleIntent>();
  const refunds = new Map<string, DoubleRefund>();
  const paymentMethods = new Map<string, DoublePaymentMethod>();
  const saved = new Map<string, { fingerprint: string; answer: Answer }>();
  const calls: { method: string; path: string; idempotencyKey: string | null; status: number }[] = [];
  const sentEvents: Json[] = [];
  let counter = 0;
  let webhookTarget: string | ((request: Request) => Response | Promise<Response>) | null = null;
  let holdWebhooks = false;
  const heldEvents: Json[] = [];
  /** Scripted failures: the next N calls to a path answer 500 before doing anything, or do it and never answer in time. */
  const failures: { path: RegExp; kind: "error" | "hang"; left: number }[] = [];
  const hangs: (() => void)[] = [];

  const nextId = (prefix: string) => `${prefix}_test_${(++counter).toString(36).padStart(6, "0")}${Math.random().toString(36).slice(2, 10)}`;
  const now = () => Math.floor(Date.now() / 1000);

  async function sendEvent(type: string, object: Json): Promise<Json> {
    const event = { id: nextId("evt"), object: "event", api_version: "2025-10-29.clover", created: now(), type, livemode: false, pending_webhooks: 1, request: { id: null, idempotency_key: null }, data: { object } };
    sentEvents.push(event);
    if (holdWebhooks) heldEvents.push(event);
    else await deliver(event);
    return event;
  }

  /** Posts an event to the store the way Stripe does, signed with the real library's test header helper. */
  async function deliver(event: Json, signWith = webhookSecret): Promise<Response | null> {
    if (!webhookTarget) return null;
    const payload = JSON.stringify(event);
    const header = await Stripe.webhooks.generateTestHeaderStringAsync({ payload, secret: signWith });
    const init = { method: "POST", headers: { "content-type": "application/json", "stripe-signature": header }, body: payload };
    if (typeof webhookTarget === "string") return fetch(webhookTarget, init);
    return webhookTarget(new Request("http://localhost/payments/stripe/webhook", init));
  }

  function createSession(params: Json): Answer {
    if (params.mode !== "payment") return error(400, "invalid_request_error", "Missing required param: mode.", { param: "mode" });
    const successUrl = text(params.success_url);
    if (!successUrl) return error(400, "invalid_request_error", "Missing required param: success_url.", { param: "success_url" });
    const item = ((params.line_items as Json | undefined)?.["0"] ?? null) as Json | null;
    const price = (item?.price_data ?? null) as Json | null;
    const amount = amountOf(price?.unit_amount);
    const quantity = amountOf(item?.quantity) ?? 1;
    const currency = text(price?.currency)?.toLowerCase();
    if (!price || amount === undefined || !currency) return error(400, "invalid_request_error", "Missing required param: line_items[0][price_data][unit_amount].", { param: "line_items[0][price_data]" });
    if (amount * quantity < 50) return error(400, "invalid_request_error", "The Checkout Session's total amount due must add up to at least €0.50 eur", { code: "amount_too_small" });
    const intentData = (params.payment_intent_data ?? {}) as Json;
    const future = intentData.setup_future_usage;
    if (future !== undefined && future !== "on_session" && future !== "off_session") return error(400, "invalid_request_error", "Invalid payment_intent_data[setup_future_usage]: must be one of on_session or off_session", { param: "payment_intent_data[setup_future_usage]" });
    const creation = params.customer_creation;
    if (creation !== undefined && creation !== "always" && creation !== "if_required") return error(400, "invalid_request_error", "Invalid customer_creation: must be one of if_required or always", { param: "customer_creation" });
    const id = nextId("cs");
    const session: DoubleSession = {
      id,
      object: "checkout.session",
      amount_total: amount * quantity,
      currency,
      mode: "payment",
      status: "open",
      payment_status: "unpaid",
      payment_intent: null,
      client_reference_id: text(params.client_reference_id) ?? null,
      metadata: strings(params.metadata),
      success_url: successUrl,
      cancel_url: text(params.cancel_url) ?? null,
      url: `${base}/pay/${id}`,
      created: now(),
      expires_at: amountOf(params.expires_at) ?? now() + 24 * 3600,
      livemode: false,
      capture_method: intentData.capture_method === "manual" ? "manual" : "automatic",
      intent_metadata: strings(intentData.metadata),
      customer: null,
      customer_creation: creation ?? null,
      setup_future_usage: future ?? null,
    };
    sessions.set(id, session);
    return { status: 200, body: sessionJson(session, false) };
  }

  function sessionJson(session: DoubleSession, expandIntent: boolean): Json {
    const { capture_method: _c, intent_metadata: _m, setup_future_usage: _s, ...shown } = session;
    const intent = session.payment_intent ? intents.get(session.payment_intent) : undefined;
    return { ...shown, payment_intent: expandIntent && intent ? intentJson(intent) : session.payment_intent };
  }

  function capture(intent: DoubleIntent, params: Json): Answer {
    if (intent.status !== "requires_capture") return unexpectedState(intent, "captured");
    const asked = params.amount_to_capture === undefined ? intent.amount_capturable : amountOf(params.amount_to_capture);
    if (asked === undefined) return error(400, "invalid_request_error", "Invalid integer: amount_to_capture", { param: "amount_to_capture" });
    if (asked > intent.amount_capturable) {
      return error(400, "invalid_request_error", "The amount to capture must be less than or equal to the amount capturable.", { code: "amount_too_large", param: "amount_to_capture" });
    }
    // The rest of the authorisation is released at once; a PaymentIntent is captured once.
    Object.assign(intent, { status: "succeeded", amount_received: asked, amount_capturable: 0 });
    return { status: 200, body: intentJson(intent) };
  }

  function cancel(intent: DoubleIntent, params: Json): Answer {
    if (intent.status === "succeeded" || intent.status === "canceled") return unexpectedState(intent, "canceled");
    Object.assign(intent, { status: "canceled", amount_capturable: 0, cancellation_reason: text(params.cancellation_reason) ?? null });
    return { status: 200, body: intentJson(intent) };
  }

  function refund(params: Json): Answer {
    const intentId = text(params.payment_intent);
    const intent = intentId ? intents.get(intentId) : undefined;
    if (!intentId || !intent) return notFound("payment_intent", intentId ?? "");
    if (intent.status !== "succeeded") {
      return error(400, "invalid_request_error", `This PaymentIntent does not have a successful charge to refund.`, { code: "charge_not_refundable" });
    }
    const left = intent.amount_received - intent.amount_refunded;
    const amount = params.amount === undefined ? left : amountOf(params.amount);
    if (amount === undefined || amount <= 0) return error(400, "invalid_request_error", "Invalid positive integer", { param: "amount" });
    if (amount > left) {
      return error(400, "invalid_request_error", `Refund amount (${amount}) is greater than unrefunded amount on charge (${left})`, { code: "amount_too_large", param: "amount" });
    }
    intent.amount_refunded += amount;
    const made: DoubleRefund = {
      id: nextId("re"),
      object: "refund",
      amount,
      currency: intent.currency,
      payment_intent: intent.id,
      charge: intent.latest_charge,
      reason: text(params.reason) ?? null,
      status: "succeeded",
      metadata: strings(params.metadata),
      created: now(),
    };
    refunds.set(made.id, made);
    return { status: 200, body: made };
  }

  /**
   * Creating (and confirming) a PaymentIntent on the server, as for an off-session charge of a saved
   * card: the PaymentMethod must be attached to the Customer named (a card used once without a
   * Customer cannot be used again), and a card the issuer refuses leaves the intent in
   * requires_payment_method with a 402 card_error naming it.
   */
  function createIntent(params: Json): Answer {
    const amount = amountOf(params.amount);
    const currency = text(params.currency)?.toLowerCase();
    if (amount === undefined) return error(400, "invalid_request_error", "Missing required param: amount.", { param: "amount" });
    if (!currency) return error(400, "invalid_request_error", "Missing required param: currency.", { param: "currency" });
    if (amount < 50) return error(400, "invalid_request_error", "Amount must be at least €0.50 eur", { code: "amount_too_small", param: "amount" });
    const confirm = params.confirm === "true";
    if (params.off_session !== undefined && !confirm) return error(400, "invalid_request_error", "You can only pass in off_session when confirm is true.", { param: "off_session" });
    const method = text(params.payment_method) ? paymentMethods.get(text(params.payment_method)!) : undefined;
    if (text(params.payment_method) && !method) return error(400, "invalid_request_error", `No such PaymentMethod: '${text(params.payment_method)}'`, { code: "resource_missing", param: "payment_method" });
    if (confirm && !method) return error(400, "invalid_request_error", "You cannot confirm this PaymentIntent because it's missing a payment method.", { code: "payment_intent_unexpected_state" });
    const customer = text(params.customer) ?? null;
    if (method && method.customer && method.customer !== customer) {
      return error(400, "invalid_request_error", `The provided PaymentMethod belongs to a different Customer (or to one, and no customer was given).`, { param: "payment_method" });
    }
    if (method && !method.customer && method.usedWithoutCustomer) {
      return error(400, "invalid_request_error", "The provided PaymentMethod was previously used with a PaymentIntent without Customer attachment, shared with a connected account without Customer attachment, or was detached from a Customer. It may not be used again. To use a PaymentMethod multiple times, you must attach it to a Customer first.", { param: "payment_method" });
    }
    const manual = params.capture_method === "manual";
    const intent: DoubleIntent = {
      id: nextId("pi"),
      object: "payment_intent",
      amount,
      amount_capturable: 0,
      amount_received: 0,
      currency,
      capture_method: manual ? "manual" : "automatic",
      status: "requires_payment_method",
      cancellation_reason: null,
      latest_charge: null,
      metadata: strings(params.metadata),
      created: now(),
      livemode: false,
      customer,
      payment_method: method?.id ?? null,
      setup_future_usage: null,
      last_payment_error: null,
      amount_refunded: 0,
    };
    intents.set(intent.id, intent);
    if (!confirm || !method) return { status: 200, body: intentJson(intent) };
    if (!method.customer) method.usedWithoutCustomer = true;
    if (method.declines) {
      const problem = { type: "card_error", code: "card_declined", decline_code: "generic_decline", message: "Your card was declined." };
      intent.last_payment_error = problem;
      return { status: 402, body: { error: { ...problem, payment_intent: intentJson(intent), payment_method: { id: method.id, object: "payment_method" } } } };
    }
    Object.assign(intent, { status: manual ? "requires_capture" : "succeeded", amount_capturable: manual ? amount : 0, amount_received: manual ? 0 : amount, latest_charge: nextId("ch") });
    return { status: 200, body: intentJson(intent) };
  }

  function listIntents(url: URL): Answer {
    const limit = Math.min(100, Number(url.searchParams.get("limit") ?? 10));
    const after = url.searchParams.get("starting_after");
    const all = [...intents.values()].reverse();
    const from = after ? all.findIndex((intent) => intent.id === after) + 1 : 0;
    const page = all.slice(from, from + limit);
    return { status: 200, body: { object: "list", url: "/v1/payment_intents", has_more: from + limit < all.length, data: page.map(intentJson) } };
  }

  function route(method: string, path: string, url: URL, params: Json): Answer {
    let match: RegExpMatchArray | null;
    if (method === "POST" && path === "/v1/checkout/sessions") return createSession(params);
    if ((match = path.match(/^\/v1\/checkout\/sessions\/([^/]+)(\/expire)?$/))) {
      const session = sessions.get(match[1]!);
      if (!session) return notFound("checkout.session", match[1]!);
      if (method === "GET") return { status: 200, body: sessionJson(session, url.searchParams.getAll("expand[]").includes("payment_intent") || url.searchParams.getAll("expand[0]").includes("payment_intent")) };
      if (method === "POST" && match[2]) {
        if (session.status !== "open") return error(400, "invalid_request_error", `Only Checkout Sessions with a status in ["open"] can be expired.`);
        Object.assign(session, { status: "expired", url: null });
        void sendEvent("checkout.session.expired", sessionJson(session, false));
        return { status: 200, body: sessionJson(session, false) };
      }
    }
    if (method === "GET" && path === "/v1/payment_intents") return listIntents(url);
    if (method === "POST" && path === "/v1/payment_intents") return createIntent(params);
    if ((match = path.match(/^\/v1\/payment_intents\/([^/]+)(?:\/(capture|cancel))?$/))) {
      const intent = intents.get(match[1]!);
      if (!intent) return notFound("payment_intent", match[1]!);
      if (method === "GET" && !match[2]) return { status: 200, body: intentJson(intent) };
      if (method === "POST" && match[2] === "capture") return capture(intent, params);
      if (method === "POST" && match[2] === "cancel") return cancel(intent, params);
    }
    if (method === "POST" && path === "/v1/refunds") return refund(params);
    return error(404, "invalid_request_error", `Unrecognized request URL (${method}: ${path}).`);
  }

  /** Idempotency as Stripe documents it: the first answer for a key is saved and replayed; other parameters under it are refused. */
  async function api(request: Request, url: URL): Promise<Response> {
    if (!/^Bearer sk_test_/.test(request.headers.get("authorization") ?? "")) {
      return Response.json(error(401, "invalid_request_error", "Invalid API Key provided").body, { status: 401 });
    }
    const body = request.method === "POST" ? await request.text() : "";
    const params = parseForm(body);
    const key = request.headers.get("idempotency-key");
    const fingerprint = `${request.method} ${url.pathname} ${body}`;
    const record = (status: number) => calls.push({ method: request.method, path: url.pathname, idempotencyKey: key, status });
    if (key && request.method === "POST") {
      const earlier = saved.get(key);
      if (earlier && earlier.fingerprint !== fingerprint) {
        const answer = error(400, "idempotency_error", `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`);
        record(answer.status);
        return Response.json(answer.body, { status: answer.status });
      }
      if (earlier) {
        record(earlier.answer.status);
        // The network can lose a replayed answer as well as a first one.
        const lost = failures.find((f) => f.kind === "hang" && f.left > 0 && f.path.test(url.pathname));
        if (lost) {
          lost.left--;
          await new Promise<void>((resolve) => hangs.push(resolve));
        }
        return Response.json(earlier.answer.body, { status: earlier.answer.status, headers: { "idempotent-replayed": "true", "idempotency-key": key } });
      }
    }
    const failure = failures.find((f) => f.left > 0 && f.path.test(url.pathname));
    let answer: Answer;
    if (failure?.kind === "error") {
      failure.left--;
      answer = error(500, "api_error", "An unknown error occurred");
    } else {
      answer = route(request.method, url.pathname, url, params);
    }
    // A 500 is saved under its key too: Stripe replays "the same result, including 500 errors".
    if (key && request.method === "POST") saved.set(key, { fingerprint, answer });
    record(answer.status);
    if (failure?.kind === "hang") {
      failure.left--;
      // Done, but the answer never arrives in time: the client times out (released at close).
      await new Promise<void>((resolve) => hangs.push(resolve));
    }
    return Response.json(answer.body, { status: answer.status, headers: { "request-id": nextId("req"), ...(key ? { "idempotency-key": key } : {}) } });
  }

  async function pay(request: Request, sessionId: string): Promise<Response> {
    const session = sessions.get(sessionId);
    if (!session) return new Response("This payment page does not exist.", { status: 404 });
    if (request.method === "GET") return page(session, null);
    if (session.status !== "open") return page(session, "This payment page has expired.");
    const form = new URLSearchParams(await request.text());
    const card = (form.get("card") ?? "").replace(/\s+/g, "");
    const decline = DECLINES[card];
    if (decline || card !== TEST_CARDS.visa) {
      const message = decline?.message ?? "Your card number is invalid.";
      return page(session, message, 402);
    }
    // Checkout creates a Customer when asked to (customer_creation=always) and attaches the card to it when it is set up for future use.
    const customer = session.customer ?? (session.customer_creation === "always" ? nextId("cus") : null);
    const method: DoublePaymentMethod = { id: nextId("pm"), object: "payment_method", type: "card", customer: customer && session.setup_future_usage ? customer : null, card: { last4: card.slice(-4) }, number: card, usedWithoutCustomer: false, declines: false };
    if (!method.customer) method.usedWithoutCustomer = true;
    paymentMethods.set(method.id, method);
    const intent: DoubleIntent = {
      id: nextId("pi"),
      object: "payment_intent",
      amount: session.amount_total,
      amount_capturable: session.capture_method === "manual" ? session.amount_total : 0,
      amount_received: session.capture_method === "manual" ? 0 : session.amount_total,
      currency: session.currency,
      capture_method: session.capture_method,
      status: session.capture_method === "manual" ? "requires_capture" : "succeeded",
      cancellation_reason: null,
      latest_charge: nextId("ch"),
      metadata: session.intent_metadata,
      created: now(),
      livemode: false,
      customer,
      payment_method: method.id,
      setup_future_usage: session.setup_future_usage,
      last_payment_error: null,
      amount_refunded: 0,
    };
    intents.set(intent.id, intent);
    // With manual capture the session completes "unpaid": the money is only held (Stripe's docs).
    Object.assign(session, { status: "complete", customer, payment_intent: intent.id, payment_status: session.capture_method === "manual" ? "unpaid" : "paid", url: null });
    if (session.capture_method === "manual") await sendEvent("payment_intent.amount_capturable_updated", intentJson(intent));
    await sendEvent("checkout.session.completed", sessionJson(session, false));
    return new Response(null, { status: 303, headers: { location: session.success_url.replace("{CHECKOUT_SESSION_ID}", session.id) } });
  }

  function page(session: DoubleSession, problem: string | null, status = 200): Response {
    const money = new Intl.NumberFormat("en-IE", { style: "currency", currency: session.currency.toUpperCase() }).format(session.amount_total / 100);
    const open = session.status === "open";
    const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Pay ${money} (Stripe test double)</title>
<style>body{font:16px system-ui,sans-serif;margin:0 auto;max-width:28rem;padding:1rem}label,input,button{display:block;width:100%;box-sizing:border-box}input{font-size:1rem;padding:.6rem;margin:.3rem 0 1rem}button{font-size:1rem;padding:.7rem;background:#635bff;color:#fff;border:0;border-radius:6px}.problem{color:#a00}</style></head>
<body><p><small>Stripe test double: not Stripe. No real card is charged.</small></p>
<h1>Pay ${money}</h1>
${session.capture_method === "manual" ? "<p>Your card is authorised now and charged later.</p>" : ""}
${problem ? `<p class="problem" role="alert">${problem}</p>` : ""}
${open ? `<form method="post" action="/pay/${session.id}"><label for="card">Card number</label><input id="card" name="card" inputmode="numeric" autocomplete="cc-number" required value="">
<button type="submit">Pay</button></form>${session.cancel_url ? `<p><a href="${session.cancel_url}">Back to the shop</a></p>` : ""}` : ""}
</body></html>`;
    return new Response(html, { status, headers: { "content-type": "text/html; charset=utf-8" } });
  }

  const server = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    idleTimeout: 0,
    async fetch(request) {
      const url = new URL(request.url);
      if (url.pathname.startsWith("/v1/")) return api(request, url);
      const paying = url.pathname.match(/^\/pay\/([^/]+)$/);
      if (paying) return pay(request, paying[1]!);
      return new Response("Not found", { status: 404 });
    },
  });
  const base = `http://127.0.0.1:${server.port}`;

  return {
    url: base,
    port: server.port as number,
    secretKey: "sk_test_double",
    webhookSecret,
    sessions,
    intents,
    refunds,
    paymentMethods,
    calls,
    sentEvents,
    /** Where the double posts its webhooks: the store's endpoint URL, or a store in this process (its app.request). */
    sendWebhooksTo(target: string | ((request: Request) => Response | Promise<Response>)) {
      webhookTarget = target;
    },
    /** Holds webhooks instead of sending them (to deliver them late, twice or out of order). */
    holdWebhooks(hold = true) {
      holdWebhooks = hold;
    },
    heldEvents,
    deliver,
    /** The next `times` calls whose path matches answer 500 before doing anything. */
    failNext(path: RegExp, times = 1) {
      failures.push({ path, kind: "error", left: times });
    },
    /** The next `times` calls whose path matches are carried out (or replayed) but answered only at close (the client times out): a lost answer. */
    hangNext(path: RegExp, times = 1) {
      failures.push({ path, kind: "hang", left: times });
    },
    /** An authorisation that ran out (about 7 days after it was made): Stripe cancels it. */
    expireAuthorisation(intentId: string) {
      const intent = intents.get(intentId);
      if (intent && intent.status === "requires_capture") Object.assign(intent, { status: "canceled", amount_capturable: 0, cancellation_reason: "automatic" });
    },
    /** The card's issuer refuses every later charge on it (a card frozen, a limit reached): off-session authorisations are declined. */
    declineLaterCharges(paymentMethodId: string) {
      const method = paymentMethods.get(paymentMethodId);
      if (method) method.declines = true;
    },
    /** The official client pointed at the double. */
    client(options: { timeout?: number } = {}) {
      return new Stripe("sk_test_double", { host: "127.0.0.1", port: server.port as number, protocol: "http", maxNetworkRetries: 0, timeout: options.timeout ?? 10_000 });
    },
    async close() {
      for (const release of hangs.splice(0)) release();
      await server.stop(true);
    },
  };
}

export type StripeDouble = Awaited<ReturnType<typeof startStripeDouble>>;
