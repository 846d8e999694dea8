import { brandColorReadable, MIN_BRAND_CONTRAST, type updateFirmRequest } from '@parley/contracts';
import type { z } from 'zod';
import type { Deps } from '../../deps';
import { AppError } from '../../platform/errors';
import type { RequestMeta } from '../../platform/http/request-meta';
import type { StaffActor } from '../access/actor';
import { appendAudit } from '../audit/audit.repository';
import { presentFirm } from './firm.presenter';
import { type FirmRow, updateFirmRow } from './identity.repository';

/**
 * An admin changes firm settings: name, brand colour (white text on it must reach 4.5:1, else 422
 * `low_contrast`), portal welcome text, time zone, quiet hours, default locale. With
 * `requireStaffTotp` on, staff without TOTP can still sign in with their password, but their
 * session only opens the enrolment routes until they confirm one.
 */
export async function updateFirm(
  deps: Deps,
  actor: StaffActor,
  input: z.output<typeof updateFirmRequest>,
  meta: RequestMeta,
) {
  if (input.brandColor && !brandColorReadable(input.brandColor)) {
    throw new AppError(
      'low_contrast',
      `White text on ${input.brandColor} is hard to read: choose a darker colour (at least ${MIN_BRAND_CONTRAST}:1 contrast against white).`,
      { field: 'brandColor', minimum: MIN_BRAND_CONTRAST },
    );
  }
  const { quietHours, ...rest } = input;
  const values: Partial<FirmRow> = { ...rest };
  if (quietHours !== undefined) {
    values.quietHoursStart = quietHours?.start ?? null;
    values.quietHoursEnd = quietHours?.end ?? null;
  }
  const row = await deps.db.transaction(async (tx) => {
    const updated = await updateFirmRow(tx, actor.firmId, values);
    await appendAudit(tx, {
      firmId: actor.firmId,
      actor,
      action: 'firm.update',
      targetType: 'firm',
      targetId: actor.firmId,
      meta,
      data: { changes: input },
    });
    return updated;
  });
  return presentFirm(row);
}
