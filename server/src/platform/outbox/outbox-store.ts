import fs from 'node:fs/promises';
import path from 'node:path';

/**
 * The embedded stand-in for an SMTP server and an SMS provider (DESIGN.md "Runtime shape"): each
 * message that would have been sent is one JSON file in `DATA_DIR/outbox`, named by a stable id so a
 * retried job rewrites the same file instead of adding a second one.
 */
export interface OutboxItem {
  id: string;
  channel: 'email' | 'sms';
  to: string;
  subject?: string;
  /** An email's sender name (the firm's). */
  fromName?: string;
  text: string;
  html?: string;
  createdAt: string;
  /** The firms this item concerns; the admin listing shows a firm only its own. */
  firmIds: string[];
  /** Tokens and codes in the text: `GET /dev/outbox` shows each as "…" unless OUTBOX_SHOW_SECRETS. */
  secrets?: string[];
}

/** The item as an admin may see it: every secret replaced by "…" (a link keeps its shape, not its token). */
export function redactOutboxItem(item: OutboxItem): OutboxItem {
  const secrets = (item.secrets ?? []).filter((s) => s.length > 0);
  if (secrets.length === 0) return item;
  const redact = (text: string) => secrets.reduce((t, s) => t.split(s).join('…'), text);
  return {
    ...item,
    text: redact(item.text),
    ...(item.subject === undefined ? {} : { subject: redact(item.subject) }),
    ...(item.html === undefined ? {} : { html: redact(item.html) }),
  };
}

const safeName = (id: string) => id.replace(/[^A-Za-z0-9._-]/g, '_');

export class OutboxStore {
  constructor(readonly dir: string) {}

  async write(item: OutboxItem): Promise<void> {
    await fs.mkdir(this.dir, { recursive: true });
    const file = path.join(this.dir, `${safeName(item.id)}.json`);
    const temp = `${file}.${process.pid}.tmp`;
    await fs.writeFile(temp, JSON.stringify(item, null, 2));
    await fs.rename(temp, file); // atomic: a reader never sees half a file
  }

  /** Newest first. */
  async list(filter: { firmId?: string } = {}): Promise<OutboxItem[]> {
    const names = await fs.readdir(this.dir).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return [] as string[];
      throw error;
    });
    const items: OutboxItem[] = [];
    for (const name of names.filter((n) => n.endsWith('.json'))) {
      const text = await fs.readFile(path.join(this.dir, name), 'utf8').catch(() => null);
      if (!text) continue;
      const item = JSON.parse(text) as OutboxItem;
      if (filter.firmId && !item.firmIds.includes(filter.firmId)) continue;
      items.push(item);
    }
    return items.sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id));
  }
}
