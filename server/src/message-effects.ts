import type { MessageEffect } from './modules/messaging/message-effects';
import { notifyPartiesEffect } from './modules/notifications/notify-parties.effect';
import { createInvitation } from './modules/portal/create-invitation';
import { smsDeliveryEffect } from './modules/sms/sms-delivery.effect';

/**
 * Every effect of posting a message, in order (see modules/messaging/message-effects.ts). Modules
 * add theirs here: invitations and notification emails, SMS delivery, ...
 */
export const messageEffects = (): readonly MessageEffect[] => [
  // SMS delivery: refuses recipients without a mobile or opted out; deliveries, tokens, one job each.
  smsDeliveryEffect,
  // Invitation with a party's first message, else a new-message email after the quiet period.
  notifyPartiesEffect(createInvitation),
];
