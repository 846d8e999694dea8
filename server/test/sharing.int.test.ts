/**
 * Sharing (DESIGN.md rules 2, 3, 9): live shares vs fixed copies, Send / Share from All Files,
 * Remove Access, where a file went, and the portal's side. Runs on PGlite and PostgreSQL.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { queryRows } from '../src/platform/db/database';
import { multipart, uploadFiles } from './files-helpers';
import {
  call,
  createTestEnv,
  databaseFingerprint,
  type SeededPortalUser,
  type SeededStaff,
  seedFirm,
  seedPortalUser,
  seedStaff,
  type TestEnv,
} from './helpers';

let env: TestEnv;
let admin: SeededStaff;
let outsiderStaff: SeededStaff;
let client: SeededPortalUser;
let stranger: SeededPortalUser;
let matter: { id: string; rootFolderId: string };
let partyId: string;
let otherPartyId: string;

const staffCall = (method: string, url: string, body?: unknown) =>
  call(env.app, method, url, { as: admin, body });
const portal = (url: string, as: SeededPortalUser = client) => call(env.app, 'GET', `/portal${url}`, { as });

async function folder(name: string, parentId?: string): Promise<string> {
  const res = await staffCall('POST', `/matters/${matter.id}/folders`, { name, parentId });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id;
}
async function upload(name: string, content: string, folderId?: string): Promise<string> {
  const res = await uploadFiles(env.app, admin, matter.id, [{ name, content }], folderId ? { folderId } : {});
  expect(res.statusCode, res.body).toBe(201);
  return res.json().items[0].id;
}
async function addVersion(documentId: string, content: string) {
  const { payload, headers } = multipart([{ name: 'x', content }]);
  const res = await call(env.app, 'POST', `/documents/${documentId}/versions`, {
    as: admin,
    payload,
    headers,
  });
  expect(res.statusCode, res.body).toBe(201);
}
async function share(body: Record<string, unknown>) {
  const res = await staffCall('POST', `/matters/${matter.id}/share`, { partyIds: [partyId], ...body });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as {
    conversation: { id: string };
    message: { id: string; shares: { id: string; kind: string; targetId: string; name: string }[] };
  };
}
const content = (shareId: string, documentId: string, as = client) =>
  portal(`/shares/${shareId}/documents/${documentId}/content`, as);

async function newParty(name: string, contactId?: string): Promise<string> {
  const contact =
    contactId ?? (await staffCall('POST', '/contacts', { name, email: `${randomUUID()}@x.test` })).json().id;
  const res = await staffCall('POST', `/matters/${matter.id}/parties`, {
    contactId: contact,
    role: 'Client',
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id;
}

beforeAll(async () => {
  env = await createTestEnv();
  const seeded = await seedFirm(env.deps);
  admin = seeded.admin;
  outsiderStaff = await seedStaff(env.deps, seeded.firm.id, 'staff', 'Off Matter');
  client = await seedPortalUser(env.deps, seeded.firm.id, { name: 'Carla Client' });
  stranger = await seedPortalUser(env.deps, seeded.firm.id, { name: 'Sam Stranger' });
  matter = (
    await staffCall('POST', '/matters', { title: 'Estate of Roe', restricted: true, staffIds: [] })
  ).json();
  partyId = await newParty('Carla Client', client.contactId);
  otherPartyId = await newParty('Oscar Other');
});
afterAll(() => env.close());

describe('live shares and fixed copies (DESIGN.md rule 2)', () => {
  it('a shared document serves its current version; an attachment keeps its pinned version', async () => {
    const doc = await upload(`brief-${randomUUID()}.txt`, 'version one');
    const shared = await share({ documentIds: [doc], message: { body: 'Here is the brief' } });
    const sent = await staffCall('POST', `/matters/${matter.id}/send`, {
      documentIds: [doc],
      partyIds: [partyId],
    });
    expect(sent.statusCode, sent.body).toBe(201);
    expect(sent.json().conversation.id).toBe(shared.conversation.id); // the same parties: the same thread
    const attachmentId = sent.json().message.attachments[0].id;
    const shareId = shared.message.shares[0]!.id;
    expect(shared.message.shares[0]).toMatchObject({ kind: 'document', targetId: doc, revokedAt: null });

    expect((await content(shareId, doc)).body).toBe('version one');
    await addVersion(doc, 'version two');
    const res = await content(shareId, doc);
    expect(res.body).toBe('version two');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-disposition']).toContain("filename*=UTF-8''brief-");
    expect((await portal(`/attachments/${attachmentId}/content`)).body).toBe('version one');
    const listing = (await portal(`/shares/${shareId}/files`)).json();
    expect(listing.documents).toMatchObject([{ id: doc, versionNumber: 2, size: 11 }]);

    // Deleting the shared document ends the share; the fixed copy stays.
    expect((await staffCall('DELETE', `/documents/${doc}`)).statusCode).toBe(204);
    expect((await content(shareId, doc)).statusCode).toBe(404);
    expect((await portal(`/shares/${shareId}/files`)).statusCode).toBe(404);
    expect((await portal(`/attachments/${attachmentId}/content`)).body).toBe('version one');
    expect((await portal('/shares')).json().items.map((s: { id: string }) => s.id)).not.toContain(shareId);

    // Every view and download is audited with the version served (DESIGN.md rule 9).
    const audits = await queryRows<{ action: string; data: { versionId?: string } }>(
      env.deps.db,
      sql`select action, data from audit_log where actor_id = ${client.id} order by id`,
    );
    expect(audits.map((a) => a.action)).toEqual(
      expect.arrayContaining(['share.download', 'share.view', 'attachment.download']),
    );
    expect(audits.filter((a) => a.action === 'share.download').every((a) => a.data.versionId)).toBe(true);
  });

  it('a folder share covers the live subtree, follows renames and moves, ends on delete', async () => {
    const top = await folder(`Shared ${randomUUID().slice(0, 6)}`);
    const a = await folder('A', top);
    const b = await folder('B', a);
    const c = await folder('C', b);
    const outside = await folder(`Outside ${randomUUID().slice(0, 6)}`);
    const before = await upload('before.txt', 'before', top);
    const shared = await share({ folderIds: [top] });
    const shareId = shared.message.shares[0]!.id;
    const pinned = (
      await staffCall('POST', `/matters/${matter.id}/send`, { documentIds: [before], partyIds: [partyId] })
    ).json().message.attachments[0].id;

    const added = await upload('added.txt', 'added later', top);
    const deep = await upload('deep.txt', 'three levels down', c);
    const leaving = await upload('leaving.txt', 'moves out', b);
    const doomed = await upload('doomed.txt', 'deleted', a);
    const elsewhere = await upload('elsewhere.txt', 'never shared', outside);
    const names = (await portal(`/shares/${shareId}/files`)).json();
    expect(names.folder).toMatchObject({ id: top, parentId: null });
    expect(names.documents.map((d: { name: string }) => d.name)).toEqual(['added.txt', 'before.txt']);
    expect(names.folders.map((f: { id: string }) => f.id)).toEqual([a]);
    expect((await portal(`/shares/${shareId}/files?folderId=${c}`)).json().documents[0].id).toBe(deep);

    const cases: [string, string, number][] = [
      ['added to the folder', added, 200],
      ['three levels down', deep, 200],
      ['about to move out', leaving, 200],
      ['never in the folder', elsewhere, 404],
    ];
    for (const [label, id, status] of cases)
      expect((await content(shareId, id)).statusCode, label).toBe(status);
    expect((await portal(`/shares/${shareId}/files?folderId=${outside}`)).statusCode).toBe(404);

    await staffCall('PATCH', `/documents/${leaving}`, { folderId: outside });
    await staffCall('DELETE', `/documents/${doomed}`);
    await addVersion(before, 'before, revised');
    // The shared folder itself renamed and moved under another folder: still shared.
    expect(
      (await staffCall('PATCH', `/folders/${top}`, { name: 'Renamed', parentId: outside })).statusCode,
    ).toBe(200);
    const after: [string, string, number, string?][] = [
      ['moved out', leaving, 404],
      ['deleted', doomed, 404],
      ['deep after the move', deep, 200, 'three levels down'],
      ['new version after the move', before, 200, 'before, revised'],
    ];
    for (const [label, id, status, body] of after) {
      const res = await content(shareId, id);
      expect(res.statusCode, label).toBe(status);
      if (body) expect(res.body, label).toBe(body);
    }
    const listed = (await portal('/shares')).json().items.find((s: { id: string }) => s.id === shareId);
    expect(listed).toMatchObject({ kind: 'folder', name: 'Renamed', matter: { title: 'Estate of Roe' } });
    expect((await portal(`/attachments/${pinned}/content`)).body).toBe('before');

    // All Files shows what a live share reaches, folders too.
    const files = (await staffCall('GET', `/matters/${matter.id}/files?folderId=${top}`)).json();
    expect(files.folders).toMatchObject([{ id: a, shared: true }]);
    expect(files.documents.every((d: { shared: boolean }) => d.shared)).toBe(true);
    const outsideListing = (await staffCall('GET', `/matters/${matter.id}/files?folderId=${outside}`)).json();
    expect(outsideListing.folders).toMatchObject([{ id: top, shared: true }]);
    expect(outsideListing.documents.find((d: { id: string }) => d.id === leaving).shared).toBe(false);

    expect((await staffCall('DELETE', `/folders/${top}`)).statusCode).toBe(204);
    expect((await content(shareId, deep)).statusCode).toBe(404);
    expect((await portal(`/shares/${shareId}/files`)).statusCode).toBe(404);
    expect((await portal(`/attachments/${pinned}/content`)).body).toBe('before');
  });

  it('tells recipients when what a share reaches changes (share.updated)', async () => {
    const dir = await folder(`Live ${randomUUID().slice(0, 6)}`);
    const sub = await folder('Sub', dir);
    const shared = await share({ folderIds: [dir] });
    const shareId = shared.message.shares[0]!.id;
    const expected = { type: 'share.updated', conversationId: shared.conversation.id, shareId };
    const publish = vi.spyOn(env.deps.realtime, 'publish');
    try {
      const changes: [string, () => Promise<unknown>][] = [
        ['a file added three levels in', () => upload('new.txt', 'x', sub)],
        ['a new version', async () => addVersion(await upload('v.txt', 'x', dir), 'y')],
        [
          'a file moved out',
          async () =>
            staffCall('PATCH', `/documents/${await upload('m.txt', 'x', sub)}`, {
              folderId: matter.rootFolderId,
            }),
        ],
        ['a file deleted', async () => staffCall('DELETE', `/documents/${await upload('d.txt', 'x', sub)}`)],
      ];
      for (const [label, change] of changes) {
        publish.mockClear();
        await change();
        expect(publish, label).toHaveBeenCalledWith(expected);
      }
      publish.mockClear();
      await upload(`unrelated-${randomUUID()}.txt`, 'x');
      expect(publish).not.toHaveBeenCalledWith(expected);
    } finally {
      publish.mockRestore();
    }
  });

  it('nothing of a share reaches a portal user who is not a recipient', async () => {
    const doc = await upload(`private-${randomUUID()}.txt`, 'private');
    const attachmentId = (
      await staffCall('POST', `/matters/${matter.id}/send`, { documentIds: [doc], partyIds: [partyId] })
    ).json().message.attachments[0].id;
    const shareId = (await share({ documentIds: [doc] })).message.shares[0]!.id;
    expect((await portal('/shares', stranger)).json().items).toEqual([]);
    for (const url of [
      `/shares/${shareId}/files`,
      `/shares/${shareId}/documents/${doc}/content`,
      `/attachments/${attachmentId}/content`,
      `/shares/${randomUUID()}/files`,
    ]) {
      expect((await portal(url, stranger)).statusCode, url).toBe(404);
    }
    // A staff token is not a portal session.
    expect((await call(env.app, 'GET', '/portal/shares', { as: admin })).statusCode).toBe(401);
  });

  it('withholds the shares and attachments of an MFA message until step-up', async () => {
    const doc = await upload(`secret-${randomUUID()}.txt`, 'secret');
    const shared = await share({ documentIds: [doc], message: { body: 'sensitive', requireMfa: true } });
    const shareId = shared.message.shares[0]!.id;
    const attachmentId = (
      await staffCall('POST', `/matters/${matter.id}/send`, {
        documentIds: [doc],
        partyIds: [partyId],
        message: { requireMfa: true },
      })
    ).json().message.attachments[0].id;
    expect((await portal('/shares')).json().items.map((s: { id: string }) => s.id)).not.toContain(shareId);
    for (const url of [
      `/shares/${shareId}/files`,
      `/shares/${shareId}/documents/${doc}/content`,
      `/attachments/${attachmentId}/content`,
    ]) {
      const res = await portal(url);
      expect(res.statusCode, url).toBe(403);
      expect(res.json().error.code).toBe('mfa_required');
    }
    await env.deps.db.execute(
      sql`update sessions set mfa_verified_until = now() + interval '10 minutes' where id = ${client.sessionId}`,
    );
    expect((await portal('/shares')).json().items.map((s: { id: string }) => s.id)).toContain(shareId);
    expect((await content(shareId, doc)).body).toBe('secret');
    expect((await portal(`/attachments/${attachmentId}/content`)).body).toBe('secret');
    await env.deps.db.execute(
      sql`update sessions set mfa_verified_until = null where id = ${client.sessionId}`,
    );
  });
});

describe('Send and Share from All Files', () => {
  it.each([
    [
      '131 documents to send',
      'send',
      { documentIds: Array.from({ length: 131 }, (_, i) => `d${i}`) },
      422,
      'too_many_files',
    ],
    [
      '131 items to share',
      'share',
      { folderIds: Array.from({ length: 131 }, (_, i) => `f${i}`) },
      422,
      'too_many_files',
    ],
    ['an unknown document', 'share', { documentIds: [randomUUID()] }, 404, 'not_found'],
    ['an unknown folder', 'share', { folderIds: [randomUUID()] }, 404, 'not_found'],
    ['an unknown party', 'share', { documentIds: ['x'], partyIds: [randomUUID()] }, 404, 'not_found'],
    ['nothing to share', 'share', {}, 400, 'invalid_request'],
    ['a message as a string', 'send', { documentIds: ['x'], message: 'hi' }, 400, 'invalid_request'],
  ])('refuses %s and changes nothing', async (_label, action, body, status, code) => {
    const before = await databaseFingerprint(env.deps);
    const res = await staffCall('POST', `/matters/${matter.id}/${action}`, { partyIds: [partyId], ...body });
    expect(res.statusCode, res.body).toBe(status);
    expect(res.json().error.code).toBe(code);
    expect(await databaseFingerprint(env.deps)).toBe(before);
  });

  it('refuses shares in an internal conversation', async () => {
    const doc = await upload(`internal-${randomUUID()}.txt`, 'x');
    const internal = (
      await staffCall('POST', `/matters/${matter.id}/conversations`, { kind: 'internal' })
    ).json();
    const res = await staffCall('POST', `/conversations/${internal.id}/messages`, {
      shares: [{ documentId: doc }],
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.code).toBe('wrong_conversation_kind');
  });

  it('a staff member off the restricted matter gets 404 and changes nothing', async () => {
    const doc = await upload(`sealed-${randomUUID()}.txt`, 'x');
    const before = await databaseFingerprint(env.deps);
    for (const action of ['send', 'share']) {
      const res = await call(env.app, 'POST', `/matters/${matter.id}/${action}`, {
        as: outsiderStaff,
        body: { documentIds: [doc], partyIds: [partyId] },
      });
      expect(res.statusCode).toBe(404);
    }
    expect(await databaseFingerprint(env.deps)).toBe(before);
  });

  it('shares a document and a folder in one message, with the message text, to a new party set', async () => {
    const dir = await folder(`Both ${randomUUID().slice(0, 6)}`);
    const doc = await upload(`both-${randomUUID()}.txt`, 'x');
    const res = await staffCall('POST', `/matters/${matter.id}/share`, {
      documentIds: [doc],
      folderIds: [dir],
      partyIds: [partyId, otherPartyId],
      message: { body: 'Both of them' },
    });
    expect(res.statusCode, res.body).toBe(201);
    const { conversation, message } = res.json();
    expect(conversation.kind).toBe('external');
    expect(message.body).toBe('Both of them');
    expect(message.shares.map((s: { kind: string }) => s.kind).sort()).toEqual(['document', 'folder']);
    const thread = (await staffCall('GET', `/conversations/${conversation.id}/messages`)).json();
    expect(thread.items.at(-1).shares).toHaveLength(2);
  });
});

describe('Remove Access (DESIGN.md rule 3) and where a file went', () => {
  it('counts another share only while its party may still see that conversation (the party rule)', async () => {
    const dir = await folder(`Kept ${randomUUID().slice(0, 6)}`);
    await upload('kept.txt', 'x', dir);
    const first = await staffCall('POST', `/matters/${matter.id}/share`, {
      folderIds: [dir],
      partyIds: [partyId, otherPartyId],
    });
    expect(first.statusCode, first.body).toBe(201);
    const shareId = first.json().message.shares[0].id;
    const own = await staffCall('POST', `/matters/${matter.id}/share`, {
      folderIds: [dir],
      partyIds: [otherPartyId],
    });
    expect(own.statusCode, own.body).toBe(201);
    const affected = async () => (await staffCall('GET', `/shares/${shareId}`)).json().affected;
    expect(await affected()).toEqual([{ partyId, name: 'Carla Client' }]);

    // Oscar leaves the conversation of his own share: that share no longer keeps the folder for him.
    const ownConversation = own.json().conversation;
    const oscar = ownConversation.participants.find((p: { refId: string }) => p.refId === otherPartyId);
    const left = await staffCall('DELETE', `/conversations/${ownConversation.id}/participants/${oscar.id}`);
    expect(left.statusCode, left.body).toBe(204);
    expect(await affected()).toEqual([
      { partyId, name: 'Carla Client' },
      { partyId: otherPartyId, name: 'Oscar Other' },
    ]);
  });

  it('revokes at once, names who loses access, tells sockets, and is harmless to repeat', async () => {
    const dir = await folder(`Revoke ${randomUUID().slice(0, 6)}`);
    const doc = await upload('in-folder.txt', 'x', dir);
    const first = await share({ folderIds: [dir] });
    const shareId = first.message.shares[0]!.id;
    // The other party also has the folder through a share of its own: they keep access. (A share of
    // just the document inside would not count: it does not cover the folder.)
    const both = await staffCall('POST', `/matters/${matter.id}/share`, {
      folderIds: [dir],
      partyIds: [otherPartyId],
    });
    expect(both.statusCode).toBe(201);
    await staffCall('POST', `/conversations/${first.conversation.id}/participants`, {
      partyIds: [otherPartyId],
    });

    const preview = (await staffCall('GET', `/shares/${shareId}`)).json();
    expect(preview.affected).toEqual([{ partyId, name: 'Carla Client' }]);
    expect((await content(shareId, doc)).statusCode).toBe(200);
    const listed = (await staffCall('GET', `/matters/${matter.id}/shares?documentId=${doc}`)).json().items;
    expect(listed.map((s: { id: string }) => s.id)).toContain(shareId);

    const publish = vi.spyOn(env.deps.realtime, 'publish');
    const res = await staffCall('DELETE', `/shares/${shareId}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().affected).toEqual(preview.affected);
    expect(res.json().share.revokedAt).toBeTypeOf('string');
    expect(publish).toHaveBeenCalledWith({
      type: 'share.revoked',
      conversationId: first.conversation.id,
      shareId,
    });
    publish.mockClear();
    expect((await content(shareId, doc)).statusCode).toBe(404);
    expect((await portal(`/shares/${shareId}/files`)).statusCode).toBe(404);

    const before = await databaseFingerprint(env.deps);
    const again = await staffCall('DELETE', `/shares/${shareId}`);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual(res.json());
    expect(await databaseFingerprint(env.deps)).toBe(before);
    expect(publish).not.toHaveBeenCalled();
    publish.mockRestore();

    const history = (await staffCall('GET', `/documents/${doc}/messages`)).json().items;
    expect(history.find((h: { shareId?: string }) => h.shareId === shareId).revokedAt).toBeTypeOf('string');
    const matterShares = (await staffCall('GET', `/matters/${matter.id}/shares?folderId=${dir}`)).json()
      .items;
    expect(matterShares).toHaveLength(2);
    const revoked = matterShares.find((s: { id: string }) => s.id === shareId);
    expect(revoked).toMatchObject({
      kind: 'folder',
      targetId: dir,
      recipients: [{ partyId }, { partyId: otherPartyId }],
    });
    expect(revoked.revokedAt).toBeTypeOf('string');
    const audit = await queryRows<{ n: number }>(
      env.deps.db,
      sql`select count(*)::int as n from audit_log where action = 'share.revoke' and target_id = ${shareId}`,
    );
    expect(audit[0]!.n).toBe(1);
  });

  it('answers 404 to staff who may not see the share, and for unknown ids', async () => {
    const doc = await upload(`hidden-${randomUUID()}.txt`, 'x');
    const shareId = (await share({ documentIds: [doc] })).message.shares[0]!.id;
    const before = await databaseFingerprint(env.deps);
    for (const [as, id] of [
      [outsiderStaff, shareId],
      [admin, randomUUID()],
    ] as const) {
      expect((await call(env.app, 'DELETE', `/shares/${id}`, { as })).statusCode).toBe(404);
      expect((await call(env.app, 'GET', `/shares/${id}`, { as })).statusCode).toBe(404);
    }
    expect(await databaseFingerprint(env.deps)).toBe(before);
  });
});

describe('what the portal serves (DESIGN.md rules 10 and 9)', () => {
  it('HTML, SVG, XML and JS come shared or attached as attachment, nosniff, named in filename*; each download audited with its version', async () => {
    const runnable = [
      { name: 'page.html', content: '<script>alert(1)</script>', type: 'text/html' },
      { name: 'pic.svg', content: '<svg onload="alert(1)"/>', type: 'image/svg+xml' },
      { name: 'feed.xml', content: '<?xml version="1.0"?><a/>', type: 'application/xml' },
      { name: "a 'quoted'; name (1).js", content: 'alert(1)', type: 'text/javascript' },
    ];
    const folderId = await folder(`Runnable ${randomUUID().slice(0, 6)}`);
    const uploaded = await uploadFiles(env.app, admin, matter.id, runnable, { folderId });
    expect(uploaded.statusCode, uploaded.body).toBe(201);
    const documentIds: string[] = uploaded.json().items.map((d: { id: string }) => d.id);
    const shared = await share({ documentIds, message: { body: 'Have a look' } });
    const sent = await staffCall('POST', `/matters/${matter.id}/send`, { documentIds, partyIds: [partyId] });
    expect(sent.statusCode, sent.body).toBe(201);
    const attachments: { id: string; documentId: string; versionId: string }[] =
      sent.json().message.attachments;

    for (const [i, file] of runnable.entries()) {
      const documentId = documentIds[i]!;
      const shareId = shared.message.shares.find((s) => s.targetId === documentId)!.id;
      const attachment = attachments.find((a) => a.documentId === documentId)!;
      for (const res of [
        await content(shareId, documentId),
        await portal(`/attachments/${attachment.id}/content`),
      ]) {
        expect(res.statusCode, file.name).toBe(200);
        expect(res.body).toBe(file.content);
        expect(res.headers['x-content-type-options']).toBe('nosniff');
        const disposition = String(res.headers['content-disposition']);
        expect(disposition.startsWith('attachment;'), disposition).toBe(true);
        expect(disposition).toContain(
          `filename*=UTF-8''${encodeURIComponent(file.name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`,
        );
      }
      const audits = await queryRows<{ action: string; data: { versionId?: string } }>(
        env.deps.db,
        sql`select action, data from audit_log where actor_id = ${client.id}
            and target_id in (${documentId}, ${attachment.id}) and action in ('share.download', 'attachment.download')`,
      );
      expect(audits.map((a) => [a.action, a.data.versionId]).sort()).toEqual([
        ['attachment.download', attachment.versionId],
        ['share.download', attachment.versionId],
      ]);
    }
  });
});
