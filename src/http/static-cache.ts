/** Versioned vendor files never change; the stylesheet may, so it is revalidated hourly. Shared by Bun and Workers. */
export const staticCacheControl = (path: string) =>
  path.startsWith("vendor/") ? "public, max-age=31536000, immutable" : "public, max-age=3600";
