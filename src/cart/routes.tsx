import { Hono } from "hono";
import type { AppEnv } from "../http/env";
import { renderPage } from "../http/render";
import { EmptyCart } from "../../views/cart/empty";

export const cartRoutes = new Hono<AppEnv>();

cartRoutes.get("/cart", (c) => renderPage(c, "Cart", <EmptyCart />));
