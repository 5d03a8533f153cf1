export { Fragment, jsx as jsxDEV } from "./render";
export type { JSX } from "hono/jsx/jsx-dev-runtime";
