import { randomInt, randomUUID } from 'node:crypto';
import type { Deps } from '../../deps';
import { AppError } from '../../platform/errors';
import { reserveAttempt } from '../../platform/http/rate-limit';
import type { RequestMeta } from '../../platform/http/request-meta';
import type { PortalActor } from '../access/actor';
import { emailBrand } from '../notifications/email-brand';
import { stepUpCodeEmail, stepUpCodeSms } from '../notifications/email-templates';
import { enqueueEmail } from '../notifications/send-email.job';
import { enqueueSms } from '../notifications/send-sms.job';
import {
  endLiveCodes,
  findPortalUser,
  firmIdsOfPortalUser,
  hashCode,
  insertToken,
  mobileOfPortalUser,
} from './portal.repository';
import { auditInFirms } from './portal-audit';
import { CHALLENGE_WINDOW_MS, CHALLENGES_PER_WINDOW, CODE_VALID_MINUTES } from './step-up';

/**
 * `POST /portal/mfa/challenge`: a 6-digit code from the CSPRNG, valid 10 minutes, single use,
 * bound to the asking session (a new challenge ends the previous code), sent by email or SMS
 * through a job enqueued in the same transaction.
 */
export async function challengeStepUp(
  deps: Deps,
  actor: PortalActor,
  channel: 'email' | 'sms',
  meta: RequestMeta,
) {
  const { db } = deps;
  await reserveAttempt(db, `mfa:challenge:portal:${actor.id}`, CHALLENGES_PER_WINDOW, CHALLENGE_WINDOW_MS);
  const user = (await findPortalUser(db, actor.id))!;
  const mobile = channel === 'sms' ? await mobileOfPortalUser(db, actor.id) : null;
  if (channel === 'sms' && !mobile) {
    throw new AppError(
      'recipient_has_no_mobile',
      'There is no mobile number on file for you. Choose email, or ask the firm to add your number.',
    );
  }
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  const expiresAt = new Date(Date.now() + CODE_VALID_MINUTES * 60_000);
  await db.transaction(async (tx) => {
    await endLiveCodes(tx, actor.sessionId);
    const id = randomUUID();
    await insertToken(tx, {
      id,
      kind: 'mfa_code',
      tokenHash: hashCode(id, code),
      portalUserId: actor.id,
      sessionId: actor.sessionId,
      channel,
      expiresAt,
    });
    const firmIds = await firmIdsOfPortalUser(tx, actor.id);
    const brand = await emailBrand(tx, deps, firmIds);
    const locale = user.locale ?? brand.defaultLocale;
    if (mobile) {
      await enqueueSms(tx, deps, {
        to: mobile,
        body: stepUpCodeSms(code, CODE_VALID_MINUTES, locale),
        secrets: [code],
        firmIds,
      });
    } else {
      await enqueueEmail(tx, deps, {
        ...stepUpCodeEmail({
          brand,
          locale,
          recipientName: user.name,
          code,
          validMinutes: CODE_VALID_MINUTES,
        }),
        to: user.email,
        firmIds,
      });
    }
    await auditInFirms(tx, firmIds, {
      actor,
      action: 'portal.step_up_challenge',
      targetType: 'session',
      targetId: actor.sessionId,
      meta,
      data: { channel },
    });
  });
  return { channel, expiresAt: expiresAt.toISOString() };
}
