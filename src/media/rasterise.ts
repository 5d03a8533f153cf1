import { RENDITION_WIDTHS } from "./renditions";

/** Draws an SVG picture as PNG renditions, one per width in RENDITION_WIDTHS (smallest first). */
export type Rasteriser = (svg: Uint8Array) => Promise<{ width: number; png: Uint8Array }[]>;

/**
 * resvg (a native addon from npm, @resvg/resvg-js) where it loads: under Bun, at `npm start` and in
 * tests. null where it can't (a Workers isolate, a platform without its prebuilt binary): pictures
 * are then stored as they came and pages show the SVG itself (ADR 055).
 */
export async function loadRasteriser(): Promise<Rasteriser | null> {
  try {
    const { renderAsync } = await import("@resvg/resvg-js");
    return async (svg) =>
      Promise.all(
        RENDITION_WIDTHS.map(async (width) => {
          const image = await renderAsync(Buffer.from(svg), { fitTo: { mode: "width", value: width }, font: { loadSystemFonts: false }, logLevel: "off" });
          return { width, png: new Uint8Array(image.asPng()) };
        }),
      );
  } catch {
    return null;
  }
}
