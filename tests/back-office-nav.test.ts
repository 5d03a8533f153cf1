import { expect, test } from "bun:test";
import { BACK_OFFICE_LINKS, currentSection } from "../views/shell/back-office-header";

// The back office's navigation marks the section a page belongs to, and reaches every admin screen.
test("each back-office page marks its own section, the picking screen under Orders", () => {
  expect(currentSection("/manage")).toBe("/manage");
  expect(currentSection("/manage/orders/12/payment")).toBe("/manage/orders");
  expect(currentSection("/manage/picking")).toBe("/manage/orders");
  expect(currentSection("/manage/picking/orders/3/lines/4/substitute")).toBe("/manage/orders");
  expect(currentSection("/manage/products/1")).toBe("/manage/products");
  expect(currentSection("/admin/catalog")).toBe("/admin/catalog");
  expect(currentSection("/account")).toBeNull();
});

test("the admin's screens are all in the navigation, catalog import included", () => {
  const adminLinks = BACK_OFFICE_LINKS.filter((link) => link.adminOnly).map((link) => link.href);
  expect(adminLinks).toEqual(["/admin/people", "/admin/jobs", "/admin/audit", "/admin/outbox", "/admin/catalog"]);
});
