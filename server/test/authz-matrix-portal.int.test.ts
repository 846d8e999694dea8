/**
 * The authorization matrix for portal routes, as data (like `authz-matrix.int.test.ts` for staff):
 * route × portal actor → expected status, content that must not leak, and the database unchanged
 * after every refusal. The actors: the portal user of the conversation, a portal user who is a
 * party on another matter of the same firm, a portal user of another firm (each with a
 * conversation of their own), the firm's admin signed in as staff (a staff session opens no portal
 * route), and a signed-out caller. THE rule is `modules/access/portal-access.ts`.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSession, sessionPolicy } from '../src/modules/identity/sessions.repository';
import { uploadFiles } from './files-helpers';
import {
  call,
  createTestEnv,
  databaseFingerprint,
  type SeededPortalUser,
  type SeededStaff,
  seedFirm,
  seedPortalUser,
  type TestEnv,
} from './helpers';

type ActorName = 'member' | 'otherMatter' | 'otherFirm' | 'firmStaff' | 'anonymous';
const actors: ActorName[] = ['member', 'otherMatter', 'otherFirm', 'firmStaff', 'anonymous'];

interface World {
  member: SeededPortalUser;
  otherMatter: SeededPortalUser;
  otherFirm: SeededPortalUser;
  /** The admin of the member's firm: a staff session is not a portal session. */
  firmStaff: SeededStaff;
  /** The member's external conversation, with a message only its people may read. */
  conversation: { id: string; secret: string };
  /** A live share to the member, of a document whose name only its people may read. */
  share: { id: string; documentId: string; documentName: string };
  /** A fixed copy sent to the member. */
  attachment: { id: string };
  /** Another live session of the member, made afresh for each case that ends it. */
  memberSession: { id: string };
}

interface Scenario {
  name: string;
  method: string;
  url: (w: World) => string;
  body?: () => unknown;
  /** Run before each actor's case (a fresh target that a success would spend). */
  prepare?: (w: World) => Promise<void>;
  expect: Record<ActorName, number>;
  /** Strings that must not appear in the response for these actors. */
  notVisible?: (w: World) => Partial<Record<ActorName, string[]>>;
}

let env: TestEnv;
let w: World;

/** Every portal user gets `ok`; staff and signed out: 401. */
const all = (ok: number): Record<ActorName, number> => ({
  member: ok,
  otherMatter: ok,
  otherFirm: ok,
  firmStaff: 401,
  anonymous: 401,
});
/** Only the member reaches it; other portal users get 404, like a missing one. */
const memberOnly = (ok: number): Record<ActorName, number> => ({
  member: ok,
  otherMatter: 404,
  otherFirm: 404,
  firmStaff: 401,
  anonymous: 401,
});
const hidden = (...secrets: string[]) => ({ otherMatter: secrets, otherFirm: secrets });

const scenarios: Scenario[] = [
  { name: 'who am I', method: 'GET', url: () => '/portal/me', expect: all(200) },
  {
    name: 'list my conversations',
    method: 'GET',
    url: () => '/portal/conversations',
    expect: all(200),
    notVisible: (x) => hidden(x.conversation.id, x.conversation.secret),
  },
  {
    name: "read the member's conversation",
    method: 'GET',
    url: (x) => `/portal/conversations/${x.conversation.id}/messages`,
    expect: memberOnly(200),
    notVisible: (x) => hidden(x.conversation.secret),
  },
  {
    name: "reply in the member's conversation",
    method: 'POST',
    url: (x) => `/portal/conversations/${x.conversation.id}/messages`,
    body: () => ({ body: `reply ${randomUUID()}` }),
    expect: memberOnly(201),
  },
  {
    name: "mark the member's conversation read",
    method: 'POST',
    url: (x) => `/portal/conversations/${x.conversation.id}/read`,
    body: () => ({ seq: 1 }),
    expect: memberOnly(204),
  },
  {
    name: 'list my shared files',
    method: 'GET',
    url: () => '/portal/shares',
    expect: all(200),
    notVisible: (x) => hidden(x.share.id, x.share.documentName),
  },
  {
    name: 'list every file I can open',
    method: 'GET',
    url: () => '/portal/documents',
    expect: all(200),
    notVisible: (x) => hidden(x.share.id, x.share.documentName, x.attachment.id),
  },
  {
    name: "open the member's share",
    method: 'GET',
    url: (x) => `/portal/shares/${x.share.id}/files`,
    expect: memberOnly(200),
    notVisible: (x) => hidden(x.share.documentName),
  },
  {
    name: "download a document of the member's share",
    method: 'GET',
    url: (x) => `/portal/shares/${x.share.id}/documents/${x.share.documentId}/content`,
    expect: memberOnly(200),
    notVisible: () => hidden('the shared contents'),
  },
  {
    name: "download the member's attachment",
    method: 'GET',
    url: (x) => `/portal/attachments/${x.attachment.id}/content`,
    expect: memberOnly(200),
    notVisible: () => hidden('the sent contents'),
  },
  { name: 'list my sessions', method: 'GET', url: () => '/portal/me/sessions', expect: all(200) },
  {
    name: "end the member's session",
    method: 'DELETE',
    url: (x) => `/portal/me/sessions/${x.memberSession.id}`,
    prepare: async (x) => {
      const session = await createSession(
        env.deps.db,
        sessionPolicy(env.deps.config),
        { type: 'portal', portalUserId: x.member.id },
        { ip: null, userAgent: null },
      );
      x.memberSession.id = session.sessionId;
    },
    expect: { member: 204, otherMatter: 404, otherFirm: 404, firmStaff: 401, anonymous: 401 },
  },
  // Each actor has only the seeded session: "the others" are none.
  {
    name: 'end my other sessions',
    method: 'DELETE',
    url: () => '/portal/me/sessions?others=true',
    expect: all(204),
  },
  {
    name: 'a conversation that does not exist',
    method: 'GET',
    url: () => `/portal/conversations/${randomUUID()}/messages`,
    expect: all(404),
  },
];

/** A matter of the firm with this portal user as a party, and an external conversation with them. */
async function matterWith(admin: SeededStaff, user: SeededPortalUser, title: string, body: string) {
  const matter = (await call(env.app, 'POST', '/matters', { as: admin, body: { title } })).json();
  const party = await call(env.app, 'POST', `/matters/${matter.id}/parties`, {
    as: admin,
    body: { contactId: user.contactId, role: 'Client' },
  });
  expect(party.statusCode, party.body).toBe(201);
  const sent = await call(env.app, 'POST', `/matters/${matter.id}/messages`, {
    as: admin,
    body: { partyIds: [party.json().id], body },
  });
  expect(sent.statusCode, sent.body).toBe(201);
  return {
    matter,
    partyId: party.json().id as string,
    conversationId: sent.json().conversation.id as string,
  };
}

beforeAll(async () => {
  env = await createTestEnv();
  const a = await seedFirm(env.deps, 'Firm A');
  const b = await seedFirm(env.deps, 'Firm B');
  const member = await seedPortalUser(env.deps, a.firm.id, { name: 'Mina Member' });
  const otherMatter = await seedPortalUser(env.deps, a.firm.id, { name: 'Otto Other' });
  const otherFirm = await seedPortalUser(env.deps, b.firm.id, { name: 'Fran Faraway' });
  const secret = 'marmaladeportalword';
  const mine = await matterWith(a.admin, member, 'Estate of Member', `The ${secret} offer`);
  await matterWith(a.admin, otherMatter, 'Other Matter', 'Hello Otto');
  await matterWith(b.admin, otherFirm, 'Far Matter', 'Hello Fran');

  const documentName = `shared-deed-${randomUUID().slice(0, 6)}.txt`;
  const [shared, sentDoc] = (
    await uploadFiles(env.app, a.admin, mine.matter.id, [
      { name: documentName, content: 'the shared contents' },
      { name: 'sent-copy.txt', content: 'the sent contents' },
    ])
  ).json().items;
  const share = await call(env.app, 'POST', `/matters/${mine.matter.id}/share`, {
    as: a.admin,
    body: { documentIds: [shared.id], partyIds: [mine.partyId] },
  });
  expect(share.statusCode, share.body).toBe(201);
  const sent = await call(env.app, 'POST', `/matters/${mine.matter.id}/send`, {
    as: a.admin,
    body: { documentIds: [sentDoc.id], partyIds: [mine.partyId] },
  });
  expect(sent.statusCode, sent.body).toBe(201);
  w = {
    member,
    otherMatter,
    otherFirm,
    firmStaff: a.admin,
    conversation: { id: mine.conversationId, secret },
    share: { id: share.json().message.shares[0].id, documentId: shared.id, documentName },
    attachment: { id: sent.json().message.attachments[0].id },
    memberSession: { id: '' },
  };
});
afterAll(() => env.close());

describe('authorization matrix: portal routes', () => {
  it('covers every portal route that is registered', () => {
    const routes = env.deps.routes.filter((r) => r.auth === 'portal').map((r) => `${r.method} ${r.url}`);
    const fake: World = {
      member: w.member,
      otherMatter: w.otherMatter,
      otherFirm: w.otherFirm,
      firmStaff: w.firmStaff,
      conversation: { id: 'ID', secret: 'x' },
      share: { id: 'ID', documentId: 'ID', documentName: 'x' },
      attachment: { id: 'ID' },
      memberSession: { id: 'ID' },
    };
    const untested = routes.filter((r) => {
      const [method, url] = r.split(' ');
      const pattern = new RegExp(`^${url!.replace(/:\w+/g, '[^/]+')}(\\?.*)?$`);
      return !scenarios.some((s) => s.method === method && pattern.test(s.url(fake)));
    });
    // Tested elsewhere on purpose (portal-auth tests): they act on the caller's own account and
    // session, not on any conversation or file (sign-out, step-up codes, TOTP enrolment, the
    // language: portal-locale.int.test.ts).
    const elsewhere = new Set([
      'POST /portal/auth/logout',
      'PATCH /portal/me',
      'POST /portal/mfa/challenge',
      'POST /portal/mfa/verify',
      'POST /portal/mfa/totp/setup',
      'POST /portal/mfa/totp/confirm',
    ]);
    expect(routes.length).toBeGreaterThan(elsewhere.size);
    expect(untested.filter((r) => !elsewhere.has(r))).toEqual([]);
  });

  for (const scenario of scenarios) {
    for (const actorName of actors) {
      const expected = scenario.expect[actorName];
      it(`${scenario.name}: ${actorName} → ${expected}`, async () => {
        await scenario.prepare?.(w);
        const refused = expected >= 400;
        const before = refused ? await databaseFingerprint(env.deps) : '';
        const as = actorName === 'anonymous' ? null : w[actorName];
        const res = await call(env.app, scenario.method, scenario.url(w), { as, body: scenario.body?.() });
        expect(res.statusCode, res.body).toBe(expected);
        if (refused) {
          expect(res.json().error.code).toBeTypeOf('string');
          expect(await databaseFingerprint(env.deps)).toBe(before);
        }
        for (const secret of scenario.notVisible?.(w)[actorName] ?? [])
          expect(res.body).not.toContain(secret);
      });
    }
  }
});
