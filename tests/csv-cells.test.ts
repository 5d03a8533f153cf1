// CSV exports cannot carry spreadsheet formulas (issue 18, item 6): every CSV the store writes goes
// through one writer that neutralises text cells starting with = + - @, a tab or a carriage return.
import { describe, expect, test } from "bun:test";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { categorySalesCsv, neutralisedCell, periodSalesCsv, productSalesCsv } from "../src/reports/csv";
import { monthlyReportCsv, type MonthlyReport } from "../src/reports/monthly";

const FORMULAS = ['=HYPERLINK("http://evil.example","Click")', "+cmd|' /C calc'!A0", "-2+3+cmd|' /C calc'!A0", "@SUM(1+1)*cmd|' /C calc'!A0", "\t=1+1", "\r=1+1"];

/** What a spreadsheet would see in each cell of a CSV document. */
const cellsOf = (csv: string) => parse(csv, { relax_column_count: true }) as string[][];
const formulaCells = (csv: string) => cellsOf(csv).flat().filter((cell) => /^[=+\-@\t\r]/.test(cell) && !/^-?\d+(\.\d+)?$/.test(cell));

describe("neutralisedCell", () => {
  for (const formula of FORMULAS) {
    test(`prefixes ${JSON.stringify(formula.slice(0, 12))} with an apostrophe`, () => expect(neutralisedCell(formula)).toBe(`'${formula}`));
  }
  test("figures and ordinary text are left alone", () => {
    for (const value of ["Bananas", "Whole Milk", "12.34", "-1.50", "0", "2026-11"]) expect(neutralisedCell(value)).toBe(value);
    expect(neutralisedCell(-5)).toBe(-5);
  });
});

describe("every CSV writer", () => {
  const hostile = FORMULAS.map((formula, i) => ({ name: formula, category: FORMULAS[(i + 1) % FORMULAS.length]! }));

  test("report downloads: by product, by category, over time", () => {
    const products = productSalesCsv(hostile.map((row, i) => ({ productId: i, name: row.name, category: row.category, unit: "kg", quantity: 1500, revenueCents: -150, orders: 1 })));
    const categories = categorySalesCsv(hostile.map((row, i) => ({ categoryId: i, name: row.category, quantity: 0, revenueCents: 1234, orders: 2 })));
    const periods = periodSalesCsv(FORMULAS.map((period) => ({ period, orders: 1, revenueCents: 5, discountCents: 1, refundedCents: 0, netCents: 4 })));
    for (const csv of [products, categories, periods]) expect(formulaCells(csv)).toEqual([]);
    expect(cellsOf(products)[1]).toEqual([`'${FORMULAS[0]}`, `'${FORMULAS[1]}`, "1.5", "kg", "1", "-1.50"]);
  });

  test("the monthly email's attachment", () => {
    const report: MonthlyReport = {
      month: "2026-11",
      monthLabel: "November 2026",
      revenueCents: 0,
      orderCount: 0,
      averageOrderCents: 0,
      bestSellers: [],
      worstSellers: [],
      categories: [],
      products: hostile.map((row) => ({ name: row.name, categoryName: row.category, quantityMilli: 2250, revenueCents: 450 })),
    };
    const csv = monthlyReportCsv(report);
    expect(formulaCells(csv)).toEqual([]);
    expect(cellsOf(csv)[1]).toEqual(["2026-11", `'${FORMULAS[0]}`, `'${FORMULAS[1]}`, "2.250", "4.50"]);
    expect(csv).toEndWith("\r\n");
  });

  test("no other source file writes CSV with the library by itself", () => {
    const files = (dir: string): string[] => readdirSync(dir).flatMap((name) => (statSync(join(dir, name)).isDirectory() ? files(join(dir, name)) : [join(dir, name)]));
    const writers = files(join(import.meta.dir, "..", "src")).filter((file) => /csv-stringify/.test(readFileSync(file, "utf8")));
    expect(writers.map((file) => file.replace(/.*\/src\//, "src/"))).toEqual(["src/reports/csv.ts"]);
  });
});
