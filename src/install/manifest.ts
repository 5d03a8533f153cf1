/** The web app manifest: what a phone needs to put the store on its home screen. */
export function webAppManifest(storeName: string) {
  return {
    id: "/",
    name: storeName,
    short_name: storeName.length > 12 ? storeName.slice(0, 12).trim() : storeName,
    description: `${storeName}: fresh groceries at fair prices, delivered to your door or ready to collect.`,
    start_url: "/",
    scope: "/",
    display: "standalone",
    orientation: "portrait",
    background_color: "#ffffff",
    theme_color: "#1f7a4d",
    categories: ["shopping", "food"],
    icons: [
      { src: "/static/icons/icon-192.png", sizes: "192x192", type: "image/png", purpose: "any" },
      { src: "/static/icons/icon-512.png", sizes: "512x512", type: "image/png", purpose: "any" },
      { src: "/static/icons/icon-maskable-512.png", sizes: "512x512", type: "image/png", purpose: "maskable" },
    ],
  };
}
