import type { SessionView } from '@parley/contracts';
import Bowser from 'bowser';

/**
 * A session as the Sessions pages show it: the stored user agent in words (bowser: "Chrome" on
 * "Android"), where it signed in from, when, and when it was last seen (touched at most once a minute).
 */
export function describeUserAgent(userAgent: string | null): SessionView['device'] {
  if (!userAgent) return { browser: null, os: null };
  const parsed = Bowser.parse(userAgent);
  return { browser: parsed.browser.name || null, os: parsed.os.name || null };
}

export function presentSession(
  row: { id: string; ip: string | null; userAgent: string | null; createdAt: Date; lastSeenAt: Date },
  currentSessionId: string | null,
): SessionView {
  return {
    id: row.id,
    current: row.id === currentSessionId,
    userAgent: row.userAgent,
    device: describeUserAgent(row.userAgent),
    ip: row.ip,
    createdAt: row.createdAt.toISOString(),
    lastSeenAt: row.lastSeenAt.toISOString(),
  };
}
