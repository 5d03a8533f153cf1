/** Where an image is served from its storage key; the image storage arrives with the back office. */
export const mediaUrl = (key: string) => `/media/${key.split("/").map(encodeURIComponent).join("/")}`;
