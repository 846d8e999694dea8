import type { MessageEffect } from './modules/messaging/message-effects';
import { notifyPartiesEffect } from './modules/notifications/notify-parties.effect';

/**
 * Every effect of posting a message, in order (see modules/messaging/message-effects.ts). Modules
 * add theirs here: invitations and notification emails, SMS delivery, ...
 */
export const messageEffects = (): readonly MessageEffect[] => [notifyPartiesEffect];
