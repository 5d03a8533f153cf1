import { S3Client } from "bun";
import { mediaUrl, type ImageStorage } from "./storage";

export type S3Settings = {
  endpoint: string;
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** When the bucket is public (or behind a CDN), pages link to it directly. */
  publicUrl?: string;
};

/** Any S3-compatible store (AWS, R2 over S3, MinIO, s3rver) through Bun's built-in client. */
export function s3Storage(settings: S3Settings): ImageStorage {
  const client = new S3Client({
    endpoint: settings.endpoint,
    bucket: settings.bucket,
    region: settings.region,
    accessKeyId: settings.accessKeyId,
    secretAccessKey: settings.secretAccessKey,
  });
  return {
    async put(key, bytes, contentType) {
      await client.write(key, bytes, { type: contentType });
    },
    async get(key) {
      const file = client.file(key);
      try {
        const [bytes, stat] = await Promise.all([file.bytes(), file.stat()]);
        return { bytes, contentType: stat.type || "application/octet-stream" };
      } catch (error) {
        if ((error as { code?: string }).code === "NoSuchKey") return null;
        throw error;
      }
    },
    async delete(key) {
      await client.delete(key);
    },
    url: (key) => (settings.publicUrl ? `${settings.publicUrl.replace(/\/$/, "")}/${key}` : mediaUrl(key)),
  };
}
