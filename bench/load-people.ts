/**
 * The people of bench/load.ts: seeded in SQL (firm, restricted matters of 10 people: 8 staff and 2
 * clients, one external conversation each with all 10, sessions), then each one driven over the
 * public HTTP API and WebSocket like the web app: socket open, home view, open a conversation, mark
 * read, post (10 % with a file).
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import WebSocket from 'ws';
import type { Config } from '../server/src/config';
import { createSession, sessionPolicy } from '../server/src/modules/identity/sessions.repository';
import type { Database } from '../server/src/platform/db/database';

export const GROUP = { staff: 8, clients: 2 };
const meta = { ip: null, userAgent: 'bench load' };

export interface Person {
  kind: 'staff' | 'client';
  token: string;
  conversationId: string;
  matterId: string;
  group: number;
  /** Node the person talks to (HTTP and socket): people are spread over the nodes. */
  base: string;
  socket?: WebSocket;
  lastSeq: number;
}

/** `count` people (rounded up to whole groups of 10) on a fresh firm. */
export async function seedPeople(database: Database, config: Config, count: number, bases: string[]) {
  const db = database.db;
  const firmId = randomUUID();
  await db.execute(sql`insert into firms (id, name) values (${firmId}, 'Load LLP')`);
  const policy = sessionPolicy(config);
  const people: Person[] = [];
  const groups = Math.ceil(count / (GROUP.staff + GROUP.clients));
  for (let g = 0; g < groups; g++) {
    const matterId = randomUUID();
    const root = randomUUID();
    const conversationId = randomUUID();
    const staffIds = Array.from({ length: GROUP.staff }, () => randomUUID());
    await db.execute(sql`
      with s as (
        insert into staff (id, firm_id, name, email, role)
        select id, ${firmId}, 'Staff ' || n, id || '@load.test', 'staff'
        from unnest(${sql.raw(`array['${staffIds.join("','")}']`)}::text[]) with ordinality as t(id, n) returning id
      ), m as (
        insert into matters (id, firm_id, title, root_folder_id, created_by, restricted)
        values (${matterId}, ${firmId}, ${`Matter ${g}`}, ${root}, ${staffIds[0]!}, true) returning id
      ), f as (
        insert into folders (id, firm_id, matter_id, name, path)
        select ${root}, ${firmId}, id, 'All Files', ${`/${root}/`} from m returning id
      ), ms as (
        insert into matter_staff (firm_id, matter_id, staff_id) select ${firmId}, ${matterId}, id from s returning 1
      ), c as (
        insert into conversations (id, firm_id, matter_id, kind, title, created_by)
        select ${conversationId}, ${firmId}, id, 'external', ${`Matter ${g} thread`}, ${staffIds[0]!} from m returning id
      )
      insert into participants (id, firm_id, conversation_id, type, staff_id)
      select gen_random_uuid()::text, ${firmId}, c.id, 'staff', s.id from c, s`);
    const add = (kind: Person['kind'], token: string) =>
      people.push({
        kind,
        token,
        conversationId,
        matterId,
        group: g,
        base: bases[people.length % bases.length]!,
        lastSeq: 0,
      });
    for (const staffId of staffIds) {
      add('staff', (await createSession(db, policy, { type: 'staff', staffId, firmId }, meta)).token);
    }
    for (let c = 0; c < GROUP.clients; c++) {
      const portalUserId = randomUUID();
      const contactId = randomUUID();
      const partyId = randomUUID();
      const email = `${portalUserId}@client.test`;
      await db.execute(sql`
        with u as (
          insert into portal_users (id, email, name, last_sign_in_at) values (${portalUserId}, ${email}, ${`Client ${g}.${c}`}, now()) returning id
        ), k as (
          insert into contacts (id, firm_id, name, email, portal_user_id) select ${contactId}, ${firmId}, ${`Client ${g}.${c}`}, ${email}, id from u returning id
        ), p as (
          insert into parties (id, firm_id, matter_id, contact_id, role) select ${partyId}, ${firmId}, ${matterId}, id, 'Client' from k returning id
        )
        insert into participants (id, firm_id, conversation_id, type, party_id)
        select gen_random_uuid()::text, ${firmId}, ${conversationId}, 'party', id from p`);
      add('client', (await createSession(db, policy, { type: 'portal', portalUserId }, meta)).token);
    }
  }
  return people;
}

export type Kind = 'socket' | 'home' | 'open' | 'read' | 'post' | 'upload';

/** What the people did: latencies by kind, failures, and which posts reached which sockets. */
export class Tally {
  readonly latencies = new Map<Kind, number[]>();
  readonly failures: string[] = [];
  /** message id → people (indexes) still waiting for it */
  readonly pending = new Map<string, Set<number>>();
  /** message id → people who heard it before its POST answered */
  readonly early = new Map<string, Set<number>>();
  delivered = 0;
  expected = 0;

  record(kind: Kind, ms: number) {
    const list = this.latencies.get(kind) ?? [];
    if (list.length === 0) this.latencies.set(kind, list);
    list.push(ms);
  }
}

async function timed<T>(tally: Tally, kind: Kind, run: () => Promise<Response>): Promise<T | null> {
  const t = performance.now();
  try {
    const res = await run();
    const text = await res.text();
    tally.record(kind, performance.now() - t);
    if (!res.ok) {
      tally.failures.push(`${kind} ${res.status} ${text.slice(0, 120)}`);
      return null;
    }
    return (text ? JSON.parse(text) : null) as T;
  } catch (error) {
    tally.failures.push(`${kind} ${(error as Error).message}`);
    return null;
  }
}

const auth = (p: Person) => ({ authorization: `Bearer ${p.token}`, 'content-type': 'application/json' });
const api = (p: Person, path: string) => `${p.base}/api/v1${p.kind === 'client' ? '/portal' : ''}${path}`;

/** Opens the person's socket; posts it hears are ticked off in the tally. */
export async function openSocket(people: Person[], index: number, tally: Tally) {
  const p = people[index]!;
  const t = performance.now();
  const socket = new WebSocket(`${p.base.replace('http', 'ws')}/api/v1/realtime?token=${p.token}`);
  await new Promise<void>((resolve) => {
    socket.once('message', () => resolve()); // { type: 'ready' }
    socket.once('error', (error) => {
      tally.failures.push(`socket ${error.message}`);
      resolve();
    });
  });
  tally.record('socket', performance.now() - t);
  socket.on('message', (data) => {
    const event = JSON.parse(String(data)) as { type: string; message?: { id: string; seq: number } };
    if (event.type !== 'message.created' || !event.message) return;
    p.lastSeq = Math.max(p.lastSeq, event.message.seq);
    const waiting = tally.pending.get(event.message.id);
    if (!waiting) {
      const heard = tally.early.get(event.message.id) ?? new Set<number>();
      tally.early.set(event.message.id, heard.add(index));
    } else if (waiting.delete(index)) tally.delivered += 1;
  });
  p.socket = socket;
}

/** Home view, open the conversation (its latest page), mark it read. */
export async function readAround(p: Person, tally: Tally) {
  await timed(tally, 'home', () => fetch(api(p, '/conversations?limit=50'), { headers: auth(p) }));
  const page = await timed<{ items: { seq: number }[] }>(tally, 'open', () =>
    fetch(api(p, `/conversations/${p.conversationId}/messages?limit=50`), { headers: auth(p) }),
  );
  const seq = page?.items.at(-1)?.seq ?? 0;
  if (seq > 0) {
    await timed(tally, 'read', () =>
      fetch(api(p, `/conversations/${p.conversationId}/read`), {
        method: 'POST',
        headers: auth(p),
        body: JSON.stringify({ seq }),
      }),
    );
  }
}

/** A post (with a small file when `withFile`); every other member of the group must hear it. */
export async function post(people: Person[], index: number, tally: Tally, withFile: boolean) {
  const p = people[index]!;
  const body: Record<string, unknown> = {
    body: `Load message from ${index} at ${Date.now()}`,
    clientMessageId: randomUUID(),
  };
  if (withFile) {
    const upload = await tusUpload(p, tally);
    if (!upload) return;
    if (p.kind === 'client') body.uploadIds = [upload];
    else {
      const doc = await timed<{ items: { id: string }[] }>(tally, 'upload', () =>
        fetch(`${p.base}/api/v1/matters/${p.matterId}/documents`, {
          method: 'POST',
          headers: auth(p),
          body: JSON.stringify({ uploadId: upload, name: `file-${randomUUID()}.txt` }),
        }),
      );
      if (!doc) return;
      body.attachments = [{ documentId: doc.items[0]!.id }];
    }
  }
  const message = await timed<{ id: string }>(tally, 'post', () =>
    fetch(api(p, `/conversations/${p.conversationId}/messages`), {
      method: 'POST',
      headers: auth(p),
      body: JSON.stringify(body),
    }),
  );
  if (!message) return;
  const audience = new Set<number>();
  people.forEach((other, i) => {
    if (i !== index && other.group === p.group && other.socket) audience.add(i);
  });
  // Events may come before the answer: those are counted now, the rest when they arrive.
  tally.expected += audience.size;
  for (const i of tally.early.get(message.id) ?? []) if (audience.delete(i)) tally.delivered += 1;
  tally.early.delete(message.id);
  tally.pending.set(message.id, audience);
}

/** A 16 KiB file through tus creation-with-upload; returns the upload id. */
async function tusUpload(p: Person, tally: Tally): Promise<string | null> {
  const bytes = Buffer.alloc(16 * 1024, 7);
  const t = performance.now();
  try {
    const res = await fetch(`${p.base}/api/v1/uploads`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${p.token}`,
        'tus-resumable': '1.0.0',
        'upload-length': String(bytes.length),
        'upload-metadata': `filename ${Buffer.from(`file-${randomUUID()}.txt`).toString('base64')}`,
        'content-type': 'application/offset+octet-stream',
      },
      body: bytes,
    });
    await res.arrayBuffer();
    tally.record('upload', performance.now() - t);
    if (res.status !== 201 || res.headers.get('upload-offset') !== String(bytes.length)) {
      tally.failures.push(`upload ${res.status}`);
      return null;
    }
    return res.headers.get('location')!.split('/').pop()!;
  } catch (error) {
    tally.failures.push(`upload ${(error as Error).message}`);
    return null;
  }
}
