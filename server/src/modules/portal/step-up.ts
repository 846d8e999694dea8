import type { PortalActor } from '../access/actor';

/** DESIGN.md rule 6: a step-up opens `requireMfa` messages for this long. */
export const STEP_UP_VALID_MS = 15 * 60_000;
export const CODE_VALID_MINUTES = 10;
export const CODE_MAX_TRIES = 5;
/** Wrong codes (emailed, texted or TOTP) per portal account per hour, over all its sessions. */
export const STEP_UP_FAILURES_PER_HOUR = 100;
export const CHALLENGES_PER_WINDOW = 10;
export const CHALLENGE_WINDOW_MS = 15 * 60_000;

export const stepUpFailureKey = (portalUserId: string) => `mfa:fail:portal:${portalUserId}`;

/**
 * true when this portal session passed a step-up in the last 15 minutes. THE check for withholding
 * a `requireMfa` message's body, links, attachments and shares, in every channel.
 */
export function hasRecentStepUp(actor: Pick<PortalActor, 'mfaVerifiedUntil'>, now = new Date()): boolean {
  return actor.mfaVerifiedUntil !== null && actor.mfaVerifiedUntil.getTime() > now.getTime();
}
