/**
 * When each live session ends by time (idle or absolute expiry, whichever comes first), for the
 * sessions behind open sockets. Returns only sessions still live now: a missing id has ended
 * (revoked, expired, or its user deactivated).
 */
export type SessionDeadlines = (sessionIds: string[]) => Promise<Map<string, Date>>;

/** Node's setTimeout takes at most 2^31-1 ms; a later deadline is checked again then. */
const MAX_DELAY_MS = 2 ** 31 - 1;
/** Expiry is checked a little after the deadline, so the database agrees it has passed. */
const SLACK_MS = 50;

/**
 * Closes sockets whose session has run out by time (#19 item 6): one timer for the earliest
 * deadline of all sockets here. When it fires, the sessions due are read again (REST activity
 * moves idle expiry forward), those that did end are reported, the others re-armed.
 */
export class SessionExpiry {
  private readonly deadlines = new Map<string, { sessionId: string; at: number }>();
  private timer: NodeJS.Timeout | undefined;
  private armedFor = Number.POSITIVE_INFINITY;

  constructor(
    private readonly read: SessionDeadlines,
    private readonly expired: (connectionIds: string[]) => void,
    private readonly onError: (error: unknown) => void,
  ) {}

  /** Start watching one socket's session (its deadline is read now). */
  async watch(connectionId: string, sessionId: string): Promise<void> {
    const found = await this.read([sessionId]);
    const at = found.get(sessionId);
    if (!at) {
      this.expired([connectionId]);
      return;
    }
    this.deadlines.set(connectionId, { sessionId, at: at.getTime() });
    this.arm();
  }

  forget(connectionId: string) {
    this.deadlines.delete(connectionId);
  }

  stop() {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.deadlines.clear();
  }

  private arm() {
    let earliest = Number.POSITIVE_INFINITY;
    for (const { at } of this.deadlines.values()) earliest = Math.min(earliest, at);
    if (earliest >= this.armedFor && this.timer) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.armedFor = earliest;
    if (earliest === Number.POSITIVE_INFINITY) return;
    const delay = Math.min(Math.max(earliest - Date.now() + SLACK_MS, 0), MAX_DELAY_MS);
    this.timer = setTimeout(() => void this.check(), delay);
    this.timer.unref();
  }

  private async check() {
    this.timer = undefined;
    this.armedFor = Number.POSITIVE_INFINITY;
    const now = Date.now();
    const due = [...this.deadlines].filter(([, d]) => d.at <= now);
    try {
      if (due.length > 0) {
        const found = await this.read([...new Set(due.map(([, d]) => d.sessionId))]);
        const ended: string[] = [];
        for (const [connectionId, d] of due) {
          if (!this.deadlines.has(connectionId)) continue; // closed meanwhile
          const at = found.get(d.sessionId)?.getTime();
          if (at === undefined || at <= Date.now()) {
            this.deadlines.delete(connectionId);
            ended.push(connectionId);
          } else d.at = at;
        }
        if (ended.length > 0) this.expired(ended);
      }
    } catch (error) {
      this.onError(error);
      // The database did not answer: look again soon rather than never.
      for (const [, d] of due) d.at = Math.max(d.at, Date.now() + 5_000);
    }
    this.arm();
  }
}
