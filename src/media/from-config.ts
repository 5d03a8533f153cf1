import type { Config } from "../config";
import { localDiskStorage } from "./local-storage";
import { s3Storage } from "./s3-storage";
import type { ImageStorage } from "./storage";

/** S3 when a bucket is configured, the local uploads folder otherwise. */
export function storageFromConfig(config: Config): ImageStorage {
  if (config.S3_BUCKET && config.S3_ENDPOINT && config.S3_ACCESS_KEY_ID && config.S3_SECRET_ACCESS_KEY) {
    return s3Storage({
      endpoint: config.S3_ENDPOINT,
      bucket: config.S3_BUCKET,
      region: config.S3_REGION,
      accessKeyId: config.S3_ACCESS_KEY_ID,
      secretAccessKey: config.S3_SECRET_ACCESS_KEY,
      publicUrl: config.S3_PUBLIC_URL,
    });
  }
  return localDiskStorage(config.UPLOADS_DIR);
}
