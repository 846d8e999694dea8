import { Readable } from 'node:stream';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import {
  BlobMissingError,
  type BlobStore,
  type ByteRange,
  type Checkpoint,
  checkRecordName,
  SizeExceededError,
  type StagingTarget,
} from './blob-store';

export interface S3Options {
  endpoint?: string;
  region: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  forcePathStyle?: boolean;
  /** Multipart part size (S3 needs at least 5 MiB for every part but the last). */
  partSize?: number;
}

interface S3State {
  multipartId?: string;
  /** Bytes past the last full part, kept as `<key>.tail` between requests. */
  tailSize?: number;
}

const MIN_PART = 5 * 1024 * 1024;

/**
 * An S3-compatible object store. A staged upload is an S3 multipart upload of its final object:
 * full parts are uploaded as they fill (and recorded by the caller in `upload_parts`, since not
 * every S3 clone can list parts); bytes past the last full part are parked in a small `.tail`
 * object so that another node can continue. Promotion keeps the object where it is: the `blobs` row
 * makes the content addressable, and the caller deletes a duplicate's object.
 */
export class S3BlobStore implements BlobStore {
  readonly kind = 's3';
  private readonly client: S3Client;
  private readonly bucket: string;
  private readonly partSize: number;

  constructor(options: S3Options) {
    this.client = new S3Client({
      region: options.region,
      ...(options.endpoint ? { endpoint: options.endpoint } : {}),
      forcePathStyle: options.forcePathStyle ?? Boolean(options.endpoint),
      credentials: { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey },
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
    this.bucket = options.bucket;
    this.partSize = Math.max(MIN_PART, options.partSize ?? 8 * 1024 * 1024);
  }

  async beginStaging(key: string) {
    const created = await this.client.send(
      new CreateMultipartUploadCommand({ Bucket: this.bucket, Key: key }),
    );
    return { multipartId: created.UploadId, tailSize: 0 } satisfies S3State;
  }

  async appendStaging(
    target: StagingTarget,
    source: AsyncIterable<Buffer>,
    checkpoint: (c: Checkpoint) => Promise<void>,
  ): Promise<number> {
    const state = target.state as S3State;
    const stored = target.parts.reduce((sum, p) => sum + p.size, 0);
    let tailSize = state.tailSize ?? 0;
    if (stored + tailSize !== target.offset) throw new Error('staged offset does not match the parts');
    const chunks: Buffer[] = tailSize > 0 ? [await this.readAll(`${target.key}.tail`)] : [];
    let buffered = tailSize;
    let partNumber = target.parts.reduce((max, p) => Math.max(max, p.partNumber), 0);
    let durable = stored; // bytes in uploaded parts
    const partSize = Math.max(this.partSize, Math.ceil(target.length / 9000));

    const flushPart = async (size: number) => {
      const all = Buffer.concat(chunks);
      const body = all.subarray(0, size);
      chunks.length = 0;
      if (all.length > size) chunks.push(all.subarray(size));
      buffered = all.length - size;
      partNumber++;
      const result = await this.client.send(
        new UploadPartCommand({
          Bucket: this.bucket,
          Key: target.key,
          UploadId: state.multipartId,
          PartNumber: partNumber,
          Body: body,
          ContentLength: body.length,
        }),
      );
      durable += body.length;
      // The old tail is now inside a part: it no longer counts.
      tailSize = 0;
      await checkpoint({
        offset: durable,
        state: { ...state, tailSize: 0 },
        part: { partNumber, etag: result.ETag ?? '', size: body.length },
      });
    };

    let failed = false;
    try {
      for await (const chunk of source) {
        const buffer = chunk;
        if (durable + buffered + buffer.length > target.length) throw new SizeExceededError();
        chunks.push(buffer);
        buffered += buffer.length;
        while (buffered >= partSize) await flushPart(partSize);
      }
    } catch (error) {
      failed = error instanceof SizeExceededError;
      throw error;
    } finally {
      if (!failed) {
        const complete = target.untilEnd || durable + buffered === target.length;
        if (complete && (buffered > 0 || partNumber === 0)) {
          await flushPart(buffered); // the last part may be small
        } else if (!complete && buffered !== tailSize) {
          // An interrupted or chunked request: park the rest so any node can continue.
          const tail = Buffer.concat(chunks);
          await this.client.send(
            new PutObjectCommand({
              Bucket: this.bucket,
              Key: `${target.key}.tail`,
              Body: tail,
              ContentLength: tail.length,
            }),
          );
          await checkpoint({ offset: durable + tail.length, state: { ...state, tailSize: tail.length } });
        }
      }
    }
    return durable + buffered;
  }

  async completeStaging(target: StagingTarget): Promise<void> {
    const state = target.state as S3State;
    const parts = [...target.parts].sort((a, b) => a.partNumber - b.partNumber);
    if (parts.length === 0) {
      // An empty file: S3 will not complete a multipart upload without parts.
      await this.abortStaging(target.key, target.state);
      await this.client.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key: target.key,
          Body: Buffer.alloc(0),
          ContentLength: 0,
        }),
      );
      return;
    }
    await this.client.send(
      new CompleteMultipartUploadCommand({
        Bucket: this.bucket,
        Key: target.key,
        UploadId: state.multipartId,
        MultipartUpload: { Parts: parts.map((p) => ({ PartNumber: p.partNumber, ETag: p.etag })) },
      }),
    );
    await this.remove(`${target.key}.tail`);
  }

  async readStaging(key: string): Promise<Readable> {
    return this.read(key);
  }

  async abortStaging(key: string, state: Record<string, unknown>): Promise<void> {
    const { multipartId } = state as S3State;
    if (multipartId) {
      await this.client
        .send(new AbortMultipartUploadCommand({ Bucket: this.bucket, Key: key, UploadId: multipartId }))
        .catch(() => {}); // already completed or aborted
    }
    await this.remove(`${key}.tail`);
    await this.remove(key);
  }

  async promote(stagingKey: string): Promise<string> {
    return stagingKey;
  }

  async read(key: string, range?: ByteRange): Promise<Readable> {
    const result = await this.client
      .send(
        new GetObjectCommand({
          Bucket: this.bucket,
          Key: key,
          ...(range ? { Range: `bytes=${range.start}-${range.end}` } : {}),
        }),
      )
      .catch((error: Error) => {
        if (error.name !== 'NoSuchKey') throw error;
        throw new BlobMissingError(
          `${key} (object in S3 bucket ${this.bucket})`,
          'Was the object deleted, or does this node point at another bucket or endpoint than the others (S3_BUCKET, S3_ENDPOINT)?',
        );
      });
    const body = result.Body;
    if (!body) throw new Error('empty S3 response');
    return body instanceof Readable ? body : Readable.fromWeb(body as never);
  }

  async remove(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key })).catch(() => {});
  }

  async putRecord(name: string, bytes: Buffer): Promise<void> {
    await this.client.send(
      new PutObjectCommand({ Bucket: this.bucket, Key: `records/${checkRecordName(name)}`, Body: bytes }),
    );
  }

  async getRecord(name: string): Promise<Buffer | null> {
    try {
      return await this.readAll(`records/${checkRecordName(name)}`);
    } catch (error) {
      if (error instanceof BlobMissingError) return null;
      throw error;
    }
  }

  private async readAll(key: string): Promise<Buffer> {
    const parts: Buffer[] = [];
    for await (const chunk of await this.read(key)) parts.push(chunk as Buffer);
    return Buffer.concat(parts);
  }
}
