import { expect } from "bun:test";
import type { Page } from "playwright-core";

/**
 * How much wider than the window the page is as it stands, with its widest element, or "" when it
 * fits (nothing to scroll sideways). The category bar scrolls sideways on purpose, so it is never
 * named as the culprit.
 */
export async function sidewaysOverflow(page: Page): Promise<string> {
  const [scrollWidth, innerWidth, culprit] = await page.evaluate(() => {
    let widest = "";
    let right = window.innerWidth;
    for (const element of document.querySelectorAll("body *")) {
      const box = element.getBoundingClientRect();
      if (box.right > right + 0.5 && !element.closest(".category-nav")) {
        right = box.right;
        widest = `${element.tagName.toLowerCase()}.${element.className}`;
      }
    }
    return [document.documentElement.scrollWidth, window.innerWidth, widest] as const;
  });
  return scrollWidth > innerWidth ? `${scrollWidth} px wide (${culprit})` : "";
}

/** The pages (paths under `baseUrl`, each answering 200) whose content is wider than the screen. */
export async function tooWide(page: Page, baseUrl: string, paths: string[]): Promise<string[]> {
  const problems: string[] = [];
  for (const path of paths) {
    const response = await page.goto(`${baseUrl}${path}`);
    expect(`${path} ${response?.status()}`).toBe(`${path} 200`);
    await page.waitForLoadState("load");
    const wide = await sidewaysOverflow(page);
    if (wide) problems.push(`${path}: ${wide}`);
  }
  return problems;
}
