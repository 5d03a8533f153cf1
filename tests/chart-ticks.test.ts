import { expect, test } from "bun:test";
import { alignedTicks, niceTicks } from "../views/manage/chart";

// The sales chart: revenue's round steps on the left, orders on the right on the same grid lines.

test("revenue gets at least three round ticks up to or past its highest day", () => {
  for (const max of [1, 3, 5, 99, 100, 101, 2_499, 9_000, 10_000, 123_456]) {
    const ticks = niceTicks(max);
    expect(ticks.length).toBeGreaterThanOrEqual(3);
    expect(ticks[0]).toBe(0);
    expect(ticks.at(-1)!).toBeGreaterThanOrEqual(max);
  }
});

test("orders get one whole-number tick per revenue grid line, the last at or past the busiest day", () => {
  expect(alignedTicks(5, 2)).toEqual([0, 5, 10]);
  expect(alignedTicks(4, 2)).toEqual([0, 2, 4]);
  expect(alignedTicks(1, 4)).toEqual([0, 1, 2, 3, 4]);
  expect(alignedTicks(0, 2)).toEqual([0, 1, 2]);
  for (let max = 0; max <= 300; max++) {
    for (const intervals of [1, 2, 3, 4, 5]) {
      const ticks = alignedTicks(max, intervals);
      expect(ticks.length).toBe(intervals + 1);
      expect(ticks.at(-1)!).toBeGreaterThanOrEqual(max);
      const step = ticks[1]!;
      expect(Number.isInteger(step)).toBe(true);
      expect(String(step)).toMatch(/^(1|2|5)0*$/);
    }
  }
});
