import { createHash } from 'node:crypto';
import { LOGO_MAX_BYTES } from '@parley/contracts';
import type { Deps } from '../../deps';
import { AppError, notFound } from '../../platform/errors';
import { type FormPart, formParts } from '../../platform/http/form-parts';
import type { RequestMeta } from '../../platform/http/request-meta';
import type { StaffActor } from '../access/actor';
import { appendAudit } from '../audit/audit.repository';
import { logoUrl } from './firm.presenter';
import { deleteFirmLogo, findFirm, findFirmLogo, saveFirmLogo, updateFirmRow } from './identity.repository';

/** Room for the multipart envelope around the one file part. */
const ENVELOPE_BYTES = 16 * 1024;

const tooLarge = () =>
  new AppError('file_too_large', 'A logo may be at most 1 MB. Save it smaller and try again.', {
    limit: LOGO_MAX_BYTES,
  });
const notAnImage = () =>
  new AppError('unsupported_image', 'The logo must be a PNG, JPEG or WebP image.', {
    accepted: ['image/png', 'image/jpeg', 'image/webp'],
  });
const badForm = () =>
  new AppError('invalid_request', 'Send the logo as multipart/form-data with one file part named "file".', [
    { field: 'body.file', message: 'must be one file part named file' },
  ]);

/** The image type by the file's first bytes (never by its name or declared type). */
export function sniffImage(bytes: Buffer): 'image/png' | 'image/jpeg' | 'image/webp' | null {
  if (
    bytes.length >= 8 &&
    bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))
  )
    return 'image/png';
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (
    bytes.length >= 12 &&
    bytes.subarray(0, 4).toString('latin1') === 'RIFF' &&
    bytes.subarray(8, 12).toString('latin1') === 'WEBP'
  )
    return 'image/webp';
  return null;
}

/** Reads the one `file` part, at most LOGO_MAX_BYTES (413 beyond, before more is read). */
async function readLogoPart(parts: AsyncIterable<FormPart>): Promise<Buffer> {
  let bytes: Buffer | undefined;
  for await (const part of parts) {
    if (part.type !== 'file' || part.name !== 'file' || bytes) throw badForm();
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of part.content) {
      size += chunk.length;
      if (size > LOGO_MAX_BYTES) throw tooLarge();
      chunks.push(chunk);
    }
    bytes = Buffer.concat(chunks);
  }
  if (!bytes || bytes.length === 0) throw badForm();
  return bytes;
}

/** `PUT /firm/logo` (admin): the firm's logo, checked by its bytes. */
export async function setFirmLogo(
  deps: Deps,
  actor: StaffActor,
  request: { headers: Record<string, unknown>; isMultipart(): boolean } & Parameters<typeof formParts>[0],
  meta: RequestMeta,
) {
  if (Number(request.headers['content-length'] ?? 0) > LOGO_MAX_BYTES + ENVELOPE_BYTES) throw tooLarge();
  if (!request.isMultipart()) throw badForm();
  const bytes = await readLogoPart(formParts(request));
  const contentType = sniffImage(bytes);
  if (!contentType) throw notAnImage();
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const firm = await deps.db.transaction(async (tx) => {
    await saveFirmLogo(tx, { firmId: actor.firmId, contentType, bytes, sha256 });
    const updated = await updateFirmRow(tx, actor.firmId, { logoSha256: sha256 });
    await appendAudit(tx, {
      firmId: actor.firmId,
      actor,
      action: 'firm.logo_set',
      targetType: 'firm',
      targetId: actor.firmId,
      meta,
      data: { contentType, size: bytes.length, sha256 },
    });
    return updated;
  });
  return { logoUrl: logoUrl(firm)! };
}

/** `DELETE /firm/logo` (admin): back to the firm's name alone. Repeating it is harmless. */
export async function removeFirmLogo(deps: Deps, actor: StaffActor, meta: RequestMeta): Promise<void> {
  await deps.db.transaction(async (tx) => {
    await deleteFirmLogo(tx, actor.firmId);
    await updateFirmRow(tx, actor.firmId, { logoSha256: null });
    await appendAudit(tx, {
      firmId: actor.firmId,
      actor,
      action: 'firm.logo_remove',
      targetType: 'firm',
      targetId: actor.firmId,
      meta,
    });
  });
}

/** The logo's bytes for `GET /branding/logo` (public: it is shown on sign-in pages). */
export async function readFirmLogo(deps: Deps, firmId: string) {
  const firm = await findFirm(deps.db, firmId);
  const logo = firm?.logoSha256 ? await findFirmLogo(deps.db, firmId) : undefined;
  if (!logo) throw notFound('Logo');
  return logo;
}
