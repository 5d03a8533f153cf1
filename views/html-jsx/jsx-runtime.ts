export { Fragment, jsx, jsx as jsxs } from "./render";
export type { JSX } from "hono/jsx/jsx-runtime";
