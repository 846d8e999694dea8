import path from 'node:path';
import type { Config } from '../../config';
import type { BlobStore } from './blob-store';
import { LocalBlobStore } from './local';
import { S3BlobStore } from './s3';

/** Local disk under DATA_DIR/blobs by default; S3 when BLOB_STORE=s3 (config.ts checks the S3_* vars). */
export function createBlobStore(config: Config): BlobStore {
  if (config.BLOB_STORE === 's3') {
    return new S3BlobStore({
      ...(config.S3_ENDPOINT ? { endpoint: config.S3_ENDPOINT } : {}),
      region: config.S3_REGION,
      bucket: config.S3_BUCKET!,
      accessKeyId: config.S3_ACCESS_KEY_ID!,
      secretAccessKey: config.S3_SECRET_ACCESS_KEY!,
      ...(config.S3_FORCE_PATH_STYLE === undefined ? {} : { forcePathStyle: config.S3_FORCE_PATH_STYLE }),
    });
  }
  return new LocalBlobStore(path.join(config.DATA_DIR, 'blobs'));
}
