import type { PostMessageInput } from '@parley/contracts';
import type { Deps } from '../../deps';
import type { Queryable } from '../../platform/db/database';
import type { RequestMeta } from '../../platform/http/request-meta';
import type { ConversationRow } from './messaging.policy';

/** Who wrote a message: a staff member (app) or a party (portal, quick-reply link, SMS). */
export type MessageAuthorRef =
  | { type: 'staff'; id: string }
  | { type: 'party'; id: string; via: 'portal' | 'quick_link' | 'sms' };

export interface MessageDraft {
  conversation: Pick<ConversationRow, 'id' | 'firmId' | 'matterId' | 'kind'>;
  author: MessageAuthorRef;
  input: PostMessageInput;
  /**
   * The parties the conversation will have, when it is created together with this message (its id
   * is then not yet in the database). Otherwise undefined: read the active participants.
   */
  newConversationPartyIds?: string[];
}

export interface PostedMessage extends MessageDraft {
  id: string;
  seq: number;
}

/**
 * What other modules do when a message is posted (notifications, SMS delivery, ...), without
 * messaging knowing them. The composition root hands them in as `deps.messageEffects`
 * (listed in `server/src/message-effects.ts`).
 *
 * - `appliesTo` says, without I/O, whether the effect has anything to do for this draft; the other
 *   steps run only if it does. When no effect applies, a post needs no transaction of its own (its
 *   single statement is atomic).
 * - `check` runs before anything is written: throwing (an AppError) refuses the post, nothing is
 *   written (e.g. `recipient_has_no_mobile`).
 * - `apply` runs INSIDE the post's transaction, after the message row: jobs enqueued here commit or
 *   roll back with the message (DESIGN.md rule 7).
 * - `afterCommit` runs once the message is committed (realtime signals and the like).
 */
export interface MessageEffect {
  name: string;
  appliesTo(draft: MessageDraft): boolean;
  check?(deps: Deps, draft: MessageDraft): Promise<void>;
  apply?(tx: Queryable, deps: Deps, message: PostedMessage, meta: RequestMeta): Promise<void>;
  afterCommit?(deps: Deps, message: PostedMessage): Promise<void>;
}

/** The effects that take part in posting this draft. */
export const effectsFor = (effects: readonly MessageEffect[], draft: MessageDraft) =>
  effects.filter((effect) => effect.appliesTo(draft));

/** Whether posting this draft must write more than the message itself (then: in one transaction). */
export const needsTransaction = (effects: readonly MessageEffect[], draft: MessageDraft) =>
  effectsFor(effects, draft).some((effect) => effect.apply);

export async function checkEffects(deps: Deps, effects: readonly MessageEffect[], draft: MessageDraft) {
  for (const effect of effectsFor(effects, draft)) await effect.check?.(deps, draft);
}

export async function applyEffects(
  tx: Queryable,
  deps: Deps,
  effects: readonly MessageEffect[],
  message: PostedMessage,
  meta: RequestMeta,
) {
  for (const effect of effectsFor(effects, message)) await effect.apply?.(tx, deps, message, meta);
}

export async function afterCommitEffects(
  deps: Deps,
  effects: readonly MessageEffect[],
  message: PostedMessage,
) {
  for (const effect of effectsFor(effects, message)) {
    try {
      await effect.afterCommit?.(deps, message);
    } catch (error) {
      // The message is committed: a failing after-commit step must not turn the post into an error.
      deps.log.error(
        { err: error, effect: effect.name, messageId: message.id },
        'message effect failed after commit',
      );
    }
  }
}
