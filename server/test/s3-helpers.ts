import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import S3rver from 's3rver';

/** An S3-compatible server on loopback, in this process, for the S3 blob store tests. */
export async function startS3(): Promise<{
  env: Record<string, string>;
  dir: string;
  close(): Promise<void>;
}> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'parley-s3-'));
  const server = new S3rver({
    port: 0,
    address: '127.0.0.1',
    silent: true,
    directory: dir,
    configureBuckets: [{ name: 'parley', configs: [] }],
  });
  const { port } = (await server.run()) as { port: number };
  return {
    dir,
    env: {
      BLOB_STORE: 's3',
      S3_ENDPOINT: `http://127.0.0.1:${port}`,
      S3_BUCKET: 'parley',
      S3_ACCESS_KEY_ID: 'S3RVER',
      S3_SECRET_ACCESS_KEY: 'S3RVER',
      S3_FORCE_PATH_STYLE: 'true',
    },
    async close() {
      await server.close();
      await fs.rm(dir, { recursive: true, force: true });
    },
  };
}

/** Every object key in the s3rver bucket (s3rver keeps objects as files named `<key>._S3rver_object`). */
export async function objectKeys(dir: string): Promise<string[]> {
  const files = await fs.readdir(path.join(dir, 'parley'), { recursive: true }).catch(() => []);
  return files.filter((f) => f.endsWith('._S3rver_object')).map((f) => f.replace(/\._S3rver_object$/, ''));
}
