import type { smsInboundForm } from '@parley/contracts';
import { MESSAGE_BODY_MAX } from '@parley/contracts';
import type { z } from 'zod';
import type { Deps } from '../../deps';
import type { RequestMeta } from '../../platform/http/request-meta';
import { postPartyMessage } from '../messaging/post-party-message';
import { auditInFirms } from '../portal/portal-audit';
import { allFirmIds, contactsWithMobile, conversationThatTexted, setSmsOptOut } from './sms.repository';

/** Carrier-standard keywords (Twilio's defaults): the whole message, any case. */
const STOP_WORDS = new Set(['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT', 'OPTOUT', 'REVOKE']);
const START_WORDS = new Set(['START', 'UNSTOP', 'YES']);

const anonymous = { type: 'anonymous' as const };

export type InboundOutcome = 'posted' | 'opted_out' | 'opted_in' | 'unmatched';

/**
 * An SMS to our number (`POST /webhooks/sms/inbound`, signature already checked):
 * - STOP / START set or clear `contacts.sms_opted_out_at` for every contact with that number;
 * - otherwise it is posted as the party into the newest external conversation that texted the
 *   number (`via: "sms"`), once per MessageSid (it is the clientMessageId);
 * - an unknown number is audited, not posted.
 */
export async function receiveSms(
  deps: Deps,
  form: z.output<typeof smsInboundForm>,
  meta: RequestMeta,
): Promise<InboundOutcome> {
  const keyword = form.Body.trim().toUpperCase();
  if (STOP_WORDS.has(keyword) || START_WORDS.has(keyword)) {
    const optOut = STOP_WORDS.has(keyword);
    const matches = await contactsWithMobile(deps.db, form.From);
    if (matches.length === 0) return unmatched(deps, form, meta);
    await deps.db.transaction(async (tx) => {
      await setSmsOptOut(
        tx,
        matches.map((c) => c.id),
        optOut,
      );
      for (const contact of matches) {
        await auditInFirms(tx, [contact.firmId], {
          actor: anonymous,
          action: optOut ? 'contact.sms_opt_out' : 'contact.sms_opt_in',
          targetType: 'contact',
          targetId: contact.id,
          meta,
          data: { messageSid: form.MessageSid },
        });
      }
    });
    return optOut ? 'opted_out' : 'opted_in';
  }
  const target = await conversationThatTexted(deps.db, form.From);
  const body = form.Body.trim().slice(0, MESSAGE_BODY_MAX);
  if (!target || body === '') return unmatched(deps, form, meta);
  await postPartyMessage(
    deps,
    { partyId: target.partyId, firmId: target.firmId, via: 'sms', auditActor: anonymous },
    target.conversationId,
    { body, clientMessageId: form.MessageSid },
    [],
    meta,
  );
  return 'posted';
}

/** Acknowledged and audited in the firms that know the number (else every firm), never posted. */
async function unmatched(
  deps: Deps,
  form: z.output<typeof smsInboundForm>,
  meta: RequestMeta,
): Promise<InboundOutcome> {
  const known = [...new Set((await contactsWithMobile(deps.db, form.From)).map((c) => c.firmId))];
  const firmIds = known.length > 0 ? known : await allFirmIds(deps.db);
  await deps.db.transaction((tx) =>
    auditInFirms(tx, firmIds, {
      actor: anonymous,
      action: 'sms.inbound_unmatched',
      targetType: 'sms',
      targetId: form.MessageSid,
      meta,
      data: { from: form.From },
    }),
  );
  return 'unmatched';
}
