/**
 * The authorization matrix as data (STYLE.md, after PocketBase's ApiScenario and documenso's
 * unauthorized-api-access specs): route × actor → expected status, with content that must not
 * leak, and the database unchanged after every refusal.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSession, sessionPolicy } from '../src/modules/identity/sessions.repository';
import { multipart, PNG, uploadFiles } from './files-helpers';
import {
  call,
  createTestEnv,
  databaseFingerprint,
  type SeededStaff,
  seedFirm,
  seedStaff,
  type TestEnv,
} from './helpers';

type ActorName = 'admin' | 'staffOn' | 'staffOff' | 'otherFirm' | 'anonymous';
const actors: ActorName[] = ['admin', 'staffOn', 'staffOff', 'otherFirm', 'anonymous'];

interface World {
  admin: SeededStaff;
  staffOn: SeededStaff;
  staffOff: SeededStaff;
  otherFirm: SeededStaff;
  restricted: { id: string; title: string; rootFolderId: string };
  sealedFolder: { id: string };
  sealedDocument: { id: string; name: string };
  open: { id: string; title: string };
  contact: { id: string; name: string };
  /** A party only on the restricted matter: staff off it must not find them (DESIGN.md rule 12). */
  sealedContact: { id: string; name: string; email: string };
  /** A party on the restricted matter and on the open one: readable by all, changeable by few. */
  sharedContact: { id: string; name: string };
  staffMember: SeededStaff;
  /** An external conversation in the restricted matter, with one party and one message. */
  sealedConversation: { id: string; partyId: string; secret: string };
  channel: { id: string };
  /** A direct conversation between admin and staffOn only. */
  direct: { id: string; secret: string };
}

interface Scenario {
  name: string;
  method: string;
  /** Built per call, so a successful write never spoils the next actor's case. */
  url: (w: World) => string | Promise<string>;
  body?: (w: World) => unknown;
  /** A raw (e.g. multipart) request body instead of JSON. */
  raw?: () => { payload: Buffer; headers: Record<string, string> };
  expect: Record<ActorName, number>;
  /** Strings that must not appear in the response for actors who may not see them. */
  notVisible?: (w: World) => Partial<Record<ActorName, string[]>>;
}

let env: TestEnv;
let w: World;

async function freshParty(world: World): Promise<string> {
  const contact = (
    await call(env.app, 'POST', '/contacts', { as: world.admin, body: { name: `P ${randomUUID()}` } })
  ).json();
  const party = await call(env.app, 'POST', `/matters/${world.restricted.id}/parties`, {
    as: world.admin,
    body: { contactId: contact.id, role: 'Witness' },
  });
  return party.json().id;
}

/** A fresh party participant in the sealed conversation (removed by the scenario). */
async function freshParticipant(world: World): Promise<string> {
  const partyId = await freshParty(world);
  const res = await call(env.app, 'POST', `/conversations/${world.sealedConversation.id}/participants`, {
    as: world.admin,
    body: { partyIds: [partyId] },
  });
  const conversation = (
    await call(env.app, 'GET', `/conversations/${world.sealedConversation.id}`, { as: world.admin })
  ).json();
  expect(res.statusCode).toBeLessThan(300);
  return conversation.participants.find((p: { refId: string }) => p.refId === partyId).id;
}

/** A live session of the staff member (never an actor's own). */
async function freshSession(world: World): Promise<string> {
  const session = await createSession(
    env.deps.db,
    sessionPolicy(env.deps.config),
    { type: 'staff', staffId: world.staffMember.id, firmId: world.staffMember.firmId },
    { ip: null, userAgent: null },
  );
  return session.sessionId;
}

async function freshFolder(world: World): Promise<string> {
  const res = await call(env.app, 'POST', `/matters/${world.restricted.id}/folders`, {
    as: world.admin,
    body: { name: `F ${randomUUID()}`, parentId: world.restricted.rootFolderId },
  });
  return res.json().id;
}

async function freshDocument(world: World): Promise<string> {
  const res = await uploadFiles(env.app, world.admin, world.restricted.id, [
    { name: `D ${randomUUID()}.txt`, content: 'x' },
  ]);
  return res.json().items[0].id;
}

/** A live share of the sealed document to the sealed conversation's party. */
async function freshShare(world: World): Promise<string> {
  const res = await call(env.app, 'POST', `/matters/${world.restricted.id}/share`, {
    as: world.admin,
    body: { documentIds: [world.sealedDocument.id], partyIds: [world.sealedConversation.partyId] },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().message.shares[0].id;
}

const aFile = () =>
  multipart([{ name: `upload-${randomUUID()}.txt`, content: 'contents', type: 'text/plain' }]);

async function freshContactId(world: World): Promise<string> {
  return (
    await call(env.app, 'POST', '/contacts', { as: world.admin, body: { name: `C ${randomUUID()}` } })
  ).json().id;
}

/** A new contact that is a party only on the restricted matter. */
async function freshSealedContactId(world: World): Promise<string> {
  const id = await freshContactId(world);
  const res = await call(env.app, 'POST', `/matters/${world.restricted.id}/parties`, {
    as: world.admin,
    body: { contactId: id, role: 'Witness' },
  });
  expect(res.statusCode, res.body).toBe(201);
  return id;
}

const all = (status: number, anonymous = 401): Record<ActorName, number> => ({
  admin: status,
  staffOn: status,
  staffOff: status,
  otherFirm: status,
  anonymous,
});
const matterScoped = (ok: number): Record<ActorName, number> => ({
  admin: ok,
  staffOn: ok,
  staffOff: 404,
  otherFirm: 404,
  anonymous: 401,
});
const firmScoped = (ok: number): Record<ActorName, number> => ({ ...all(ok), otherFirm: 404 });

const scenarios: Scenario[] = [
  { name: 'me', method: 'GET', url: () => '/me', expect: all(200) },
  {
    name: 'unread totals',
    method: 'GET',
    url: () => '/me/unread',
    expect: all(200),
    notVisible: (x) => ({ staffOff: [x.sealedConversation.secret] }),
  },
  {
    name: 'list staff',
    method: 'GET',
    url: () => '/staff',
    expect: all(200),
    notVisible: (x) => ({ otherFirm: [x.staffOn.email, x.admin.email] }),
  },
  {
    name: 'create staff',
    method: 'POST',
    url: () => '/staff',
    body: () => ({
      name: 'New',
      email: `new-${randomUUID()}@example.test`,
      role: 'staff',
      password: 'long enough password',
    }),
    expect: { admin: 201, staffOn: 403, staffOff: 403, otherFirm: 201, anonymous: 401 },
  },
  {
    name: 'update staff',
    method: 'PATCH',
    url: (x) => `/staff/${x.staffMember.id}`,
    body: () => ({ name: 'Renamed' }),
    expect: { admin: 200, staffOn: 403, staffOff: 403, otherFirm: 404, anonymous: 401 },
  },
  {
    name: 'reset a staff password',
    method: 'POST',
    url: (x) => `/staff/${x.staffMember.id}/password`,
    body: () => ({}),
    expect: { admin: 200, staffOn: 403, staffOff: 403, otherFirm: 404, anonymous: 401 },
  },
  {
    name: 'change one’s own password with a wrong current one',
    method: 'POST',
    url: () => '/auth/password',
    body: () => ({ currentPassword: 'not the password', newPassword: 'a long enough password' }),
    expect: all(422),
  },
  {
    name: 'reset staff TOTP',
    method: 'DELETE',
    url: (x) => `/staff/${x.staffMember.id}/totp`,
    expect: { admin: 200, staffOn: 403, staffOff: 403, otherFirm: 404, anonymous: 401 },
  },
  { name: 'list my sessions', method: 'GET', url: () => '/me/sessions', expect: all(200) },
  {
    name: 'end a session that is not one’s own',
    method: 'DELETE',
    url: async (x) => `/me/sessions/${await freshSession(x)}`,
    expect: all(404),
  },
  // Each actor has only the seeded session: "the others" are none, and nothing changes.
  {
    name: 'end my other sessions',
    method: 'DELETE',
    url: () => '/me/sessions?others=true',
    expect: all(204),
  },
  {
    name: 'list a staff member’s sessions',
    method: 'GET',
    url: (x) => `/staff/${x.staffMember.id}/sessions`,
    expect: { admin: 200, staffOn: 403, staffOff: 403, otherFirm: 404, anonymous: 401 },
  },
  {
    name: 'end a staff member’s sessions',
    method: 'DELETE',
    url: (x) => `/staff/${x.staffMember.id}/sessions`,
    expect: { admin: 204, staffOn: 403, staffOff: 403, otherFirm: 404, anonymous: 401 },
  },
  {
    name: 'create contact',
    method: 'POST',
    url: () => '/contacts',
    body: () => ({ name: 'Someone' }),
    expect: all(201),
  },
  {
    name: 'list contacts',
    method: 'GET',
    url: () => '/contacts?limit=100',
    expect: all(200),
    notVisible: (x) => ({
      staffOff: [x.sealedContact.id, x.sealedContact.name, x.sealedContact.email],
      otherFirm: [x.contact.name, x.sealedContact.name, x.sharedContact.name],
    }),
  },
  {
    name: "search contacts by a restricted matter's party's email",
    method: 'GET',
    url: (x) => `/contacts?q=${encodeURIComponent(x.sealedContact.email)}`,
    expect: all(200),
    notVisible: (x) => ({ staffOff: [x.sealedContact.id], otherFirm: [x.sealedContact.id] }),
  },
  { name: 'get contact', method: 'GET', url: (x) => `/contacts/${x.contact.id}`, expect: firmScoped(200) },
  {
    name: 'update contact',
    method: 'PATCH',
    url: (x) => `/contacts/${x.contact.id}`,
    body: () => ({ email: 'updated@example.test' }),
    expect: firmScoped(200),
  },
  {
    name: 'get contact only on the restricted matter',
    method: 'GET',
    url: (x) => `/contacts/${x.sealedContact.id}`,
    expect: matterScoped(200),
    notVisible: (x) => ({ staffOff: [x.sealedContact.name], otherFirm: [x.sealedContact.name] }),
  },
  {
    name: 'update contact only on the restricted matter',
    method: 'PATCH',
    url: (x) => `/contacts/${x.sealedContact.id}`,
    body: () => ({ email: `moved.${randomUUID().slice(0, 6)}@example.test` }),
    expect: matterScoped(200),
  },
  {
    name: 'get contact also on the restricted matter',
    method: 'GET',
    url: (x) => `/contacts/${x.sharedContact.id}`,
    expect: firmScoped(200),
  },
  {
    name: 'update contact also on the restricted matter',
    method: 'PATCH',
    url: (x) => `/contacts/${x.sharedContact.id}`,
    body: () => ({ mobile: '+14155552671' }),
    expect: { admin: 200, staffOn: 200, staffOff: 403, otherFirm: 404, anonymous: 401 },
  },
  {
    name: 'add a party only on the restricted matter to the open matter',
    method: 'POST',
    url: (x) => `/matters/${x.open.id}/parties`,
    body: () => ({ contactId: '__fresh_sealed_contact__', role: 'Client' }),
    expect: { admin: 201, staffOn: 201, staffOff: 404, otherFirm: 404, anonymous: 401 },
  },
  {
    name: 'create matter',
    method: 'POST',
    url: () => '/matters',
    body: () => ({ title: 'Another matter' }),
    expect: all(201),
  },
  {
    name: 'list matters',
    method: 'GET',
    url: () => '/matters',
    expect: all(200),
    notVisible: (x) => ({
      staffOff: [x.restricted.title, x.restricted.id],
      otherFirm: [x.restricted.title, x.open.title],
    }),
  },
  {
    name: 'search matters by the restricted title',
    method: 'GET',
    url: (x) => `/matters?q=${encodeURIComponent(x.restricted.title)}`,
    expect: all(200),
    notVisible: (x) => ({ staffOff: [x.restricted.id], otherFirm: [x.restricted.id] }),
  },
  {
    name: 'get restricted matter',
    method: 'GET',
    url: (x) => `/matters/${x.restricted.id}`,
    expect: matterScoped(200),
  },
  { name: 'get open matter', method: 'GET', url: (x) => `/matters/${x.open.id}`, expect: firmScoped(200) },
  {
    name: 'export restricted matter',
    method: 'GET',
    url: (x) => `/matters/${x.restricted.id}/export`,
    expect: matterScoped(200),
    notVisible: (x) => ({
      staffOff: [x.sealedConversation.secret],
      otherFirm: [x.sealedConversation.secret],
    }),
  },
  {
    // Stan can see the open matter but is not on it: only admins and the staff on a matter export it.
    name: 'export open matter',
    method: 'GET',
    url: (x) => `/matters/${x.open.id}/export`,
    expect: { admin: 200, staffOn: 404, staffOff: 404, otherFirm: 404, anonymous: 401 },
  },
  {
    name: 'update restricted matter',
    method: 'PATCH',
    url: (x) => `/matters/${x.restricted.id}`,
    body: () => ({ number: 'R-2' }),
    expect: matterScoped(200),
  },
  {
    name: 'list parties of restricted matter',
    method: 'GET',
    url: (x) => `/matters/${x.restricted.id}/parties`,
    expect: matterScoped(200),
  },
  {
    name: 'add party to restricted matter',
    method: 'POST',
    url: (x) => `/matters/${x.restricted.id}/parties`,
    body: () => ({ contactId: '__fresh_contact__', role: 'Client' }),
    expect: matterScoped(201),
  },
  {
    name: 'change a party role on restricted matter',
    method: 'PATCH',
    url: async (x) => `/matters/${x.restricted.id}/parties/${await freshParty(x)}`,
    body: () => ({ role: 'Witness' }),
    expect: matterScoped(200),
  },
  {
    name: 'remove party from restricted matter',
    method: 'DELETE',
    url: async (x) => `/matters/${x.restricted.id}/parties/${await freshParty(x)}`,
    expect: matterScoped(204),
  },
  {
    name: 'dev outbox',
    method: 'GET',
    url: () => '/dev/outbox',
    expect: { admin: 200, staffOn: 403, staffOff: 403, otherFirm: 200, anonymous: 401 },
  },
  { name: 'start TOTP setup', method: 'POST', url: () => '/auth/totp/setup', expect: all(200) },
  {
    name: 'confirm TOTP with a wrong code',
    method: 'POST',
    url: () => '/auth/totp/confirm',
    body: () => ({ code: '000000' }),
    expect: all(422),
  },
  { name: 'firm settings', method: 'GET', url: () => '/firm', expect: all(200) },
  {
    name: 'set the firm logo',
    method: 'PUT',
    url: () => '/firm/logo',
    raw: () => multipart([{ name: 'logo.png', content: PNG, type: 'image/png' }]),
    expect: { admin: 200, staffOn: 403, staffOff: 403, otherFirm: 200, anonymous: 401 },
  },
  {
    name: 'remove the firm logo',
    method: 'DELETE',
    url: () => '/firm/logo',
    expect: { admin: 204, staffOn: 403, staffOff: 403, otherFirm: 204, anonymous: 401 },
  },
  {
    name: 'change firm settings',
    method: 'PATCH',
    url: () => '/firm',
    body: () => ({ requireStaffTotp: false }),
    expect: { admin: 200, staffOn: 403, staffOff: 403, otherFirm: 200, anonymous: 401 },
  },
  {
    name: 'home messages view',
    method: 'GET',
    url: () => '/conversations',
    expect: all(200),
    notVisible: (x) => ({
      staffOff: [x.sealedConversation.id, x.direct.id],
      otherFirm: [x.sealedConversation.id, x.direct.id, x.channel.id],
    }),
  },
  {
    name: 'conversations of the restricted matter',
    method: 'GET',
    url: (x) => `/conversations?matterId=${x.restricted.id}`,
    // A filter, not a lookup: an invisible matter lists nothing, exactly like a missing one.
    expect: all(200),
    notVisible: (x) => ({ staffOff: [x.sealedConversation.id], otherFirm: [x.sealedConversation.id] }),
  },
  {
    name: 'search for a sealed message',
    method: 'GET',
    url: (x) => `/search?q=${x.sealedConversation.secret}`,
    expect: all(200),
    notVisible: (x) => ({ staffOff: [x.sealedConversation.id], otherFirm: [x.sealedConversation.id] }),
  },
  {
    name: 'search for a direct message',
    method: 'GET',
    url: (x) => `/search?q=${x.direct.secret}`,
    expect: all(200),
    notVisible: (x) => ({ staffOff: [x.direct.id], otherFirm: [x.direct.id] }),
  },
  {
    name: 'create a channel',
    method: 'POST',
    url: () => '/conversations',
    body: () => ({ kind: 'channel', title: `Channel ${randomUUID().slice(0, 6)}` }),
    expect: all(201),
  },
  {
    name: 'start a conversation in the restricted matter',
    method: 'POST',
    url: (x) => `/matters/${x.restricted.id}/conversations`,
    body: () => ({ kind: 'internal' }),
    expect: matterScoped(201),
  },
  {
    name: 'read a sealed conversation',
    method: 'GET',
    url: (x) => `/conversations/${x.sealedConversation.id}`,
    expect: matterScoped(200),
  },
  {
    name: 'read a direct conversation',
    method: 'GET',
    url: (x) => `/conversations/${x.direct.id}`,
    expect: { admin: 200, staffOn: 200, staffOff: 404, otherFirm: 404, anonymous: 401 },
    notVisible: (x) => ({ staffOff: [x.direct.secret], otherFirm: [x.direct.secret] }),
  },
  {
    name: 'list messages of a sealed conversation',
    method: 'GET',
    url: (x) => `/conversations/${x.sealedConversation.id}/messages`,
    expect: matterScoped(200),
  },
  {
    name: 'notices of a sealed conversation',
    method: 'GET',
    url: (x) => `/conversations/${x.sealedConversation.id}/notices`,
    expect: matterScoped(200),
  },
  {
    name: 'list messages of a direct conversation',
    method: 'GET',
    url: (x) => `/conversations/${x.direct.id}/messages`,
    expect: { admin: 200, staffOn: 200, staffOff: 404, otherFirm: 404, anonymous: 401 },
  },
  {
    name: 'post in a sealed conversation',
    method: 'POST',
    url: (x) => `/conversations/${x.sealedConversation.id}/messages`,
    body: () => ({ body: 'noted' }),
    expect: matterScoped(201),
  },
  {
    name: 'post in a direct conversation',
    method: 'POST',
    url: (x) => `/conversations/${x.direct.id}/messages`,
    body: () => ({ body: 'noted' }),
    expect: { admin: 201, staffOn: 201, staffOff: 404, otherFirm: 404, anonymous: 401 },
  },
  {
    name: 'message from the restricted matter',
    method: 'POST',
    url: (x) => `/matters/${x.restricted.id}/messages`,
    body: (x) => ({ staffIds: [x.staffOn.id], body: 'internal note' }),
    expect: matterScoped(201),
  },
  {
    name: 'mark a sealed conversation read',
    method: 'POST',
    url: (x) => `/conversations/${x.sealedConversation.id}/read`,
    body: () => ({ seq: 1 }),
    expect: matterScoped(204),
  },
  {
    name: 'add a participant to a sealed conversation',
    method: 'POST',
    url: (x) => `/conversations/${x.sealedConversation.id}/participants`,
    body: (x) => ({ staffIds: [x.staffOn.id] }),
    expect: matterScoped(200),
  },
  {
    name: 'remove a participant from a sealed conversation',
    method: 'DELETE',
    url: async (x) => `/conversations/${x.sealedConversation.id}/participants/${await freshParticipant(x)}`,
    expect: matterScoped(204),
  },
  {
    name: 'list All Files of the restricted matter',
    method: 'GET',
    url: (x) => `/matters/${x.restricted.id}/files`,
    expect: matterScoped(200),
    notVisible: (x) => ({ staffOff: [x.sealedDocument.name], otherFirm: [x.sealedDocument.name] }),
  },
  {
    name: 'create a folder in the restricted matter',
    method: 'POST',
    url: (x) => `/matters/${x.restricted.id}/folders`,
    body: () => ({ name: `Folder ${randomUUID().slice(0, 8)}` }),
    expect: matterScoped(201),
  },
  {
    name: 'rename a sealed folder',
    method: 'PATCH',
    url: (x) => `/folders/${x.sealedFolder.id}`,
    body: () => ({ name: `Renamed ${randomUUID().slice(0, 8)}` }),
    expect: matterScoped(200),
  },
  {
    name: 'delete a sealed folder',
    method: 'DELETE',
    url: async (x) => `/folders/${await freshFolder(x)}`,
    expect: matterScoped(204),
  },
  {
    name: 'upload into the restricted matter',
    method: 'POST',
    url: (x) => `/matters/${x.restricted.id}/documents`,
    raw: aFile,
    expect: matterScoped(201),
  },
  {
    name: 'add a version to a sealed document',
    method: 'POST',
    url: (x) => `/documents/${x.sealedDocument.id}/versions`,
    raw: aFile,
    expect: matterScoped(201),
  },
  {
    name: 'get a sealed document',
    method: 'GET',
    url: (x) => `/documents/${x.sealedDocument.id}`,
    expect: matterScoped(200),
  },
  {
    name: 'rename a sealed document',
    method: 'PATCH',
    url: (x) => `/documents/${x.sealedDocument.id}`,
    body: () => ({ name: `Doc ${randomUUID().slice(0, 8)}.txt` }),
    expect: matterScoped(200),
  },
  {
    name: 'delete a sealed document',
    method: 'DELETE',
    url: async (x) => `/documents/${await freshDocument(x)}`,
    expect: matterScoped(204),
  },
  {
    name: 'download a sealed document',
    method: 'GET',
    url: (x) => `/documents/${x.sealedDocument.id}/content`,
    expect: matterScoped(200),
  },
  {
    name: 'where a sealed document went',
    method: 'GET',
    url: (x) => `/documents/${x.sealedDocument.id}/messages`,
    expect: matterScoped(200),
  },
  {
    name: 'send sealed documents to a party',
    method: 'POST',
    url: (x) => `/matters/${x.restricted.id}/send`,
    body: (x) => ({ documentIds: [x.sealedDocument.id], partyIds: [x.sealedConversation.partyId] }),
    expect: matterScoped(201),
    notVisible: (x) => ({ staffOff: [x.sealedDocument.name], otherFirm: [x.sealedDocument.name] }),
  },
  {
    name: 'share a sealed folder with a party',
    method: 'POST',
    url: (x) => `/matters/${x.restricted.id}/share`,
    body: (x) => ({ folderIds: [x.sealedFolder.id], partyIds: [x.sealedConversation.partyId] }),
    expect: matterScoped(201),
  },
  {
    name: "list a sealed matter's shares",
    method: 'GET',
    url: (x) => `/matters/${x.restricted.id}/shares`,
    expect: matterScoped(200),
  },
  {
    name: 'look at a sealed share before removing access',
    method: 'GET',
    url: async (x) => `/shares/${await freshShare(x)}`,
    expect: matterScoped(200),
  },
  {
    name: 'remove access to a sealed share',
    method: 'DELETE',
    url: async (x) => `/shares/${await freshShare(x)}`,
    expect: matterScoped(200),
  },
  {
    name: 'a matter that does not exist',
    method: 'GET',
    url: () => `/matters/${randomUUID()}`,
    expect: all(404),
  },
  // No sign-in (auth 'none'): a session opens nothing here. A quick-reply link needs its token (an
  // unknown one is 404 for everyone); the SMS webhooks need the provider's signature (403).
  {
    name: 'quick-reply page with an unknown token',
    method: 'GET',
    url: () => `/quick/${'q'.repeat(43)}`,
    expect: all(404, 404),
  },
  {
    name: 'quick reply with an unknown token',
    method: 'POST',
    url: () => `/quick/${'q'.repeat(43)}/messages`,
    body: () => ({ body: 'hello' }),
    expect: all(404, 404),
  },
  {
    name: 'SMS status webhook without a signature',
    method: 'POST',
    url: () => '/webhooks/sms/status',
    body: () => ({ MessageSid: 'SM1', MessageStatus: 'delivered' }),
    expect: all(403, 403),
  },
  {
    name: 'SMS inbound webhook without a signature',
    method: 'POST',
    url: () => '/webhooks/sms/inbound',
    body: (world) => ({ From: '+15551234567', Body: world.sealedConversation.secret, MessageSid: 'SM2' }),
    expect: all(403, 403),
  },
];

beforeAll(async () => {
  env = await createTestEnv();
  const a = await seedFirm(env.deps, 'Firm A');
  const b = await seedFirm(env.deps, 'Firm B');
  const staffOn = await seedStaff(env.deps, a.firm.id, 'staff', 'Stan On');
  const staffOff = await seedStaff(env.deps, a.firm.id, 'staff', 'Stella Off');
  const staffMember = await seedStaff(env.deps, a.firm.id, 'staff', 'Target Person');
  const restricted = (
    await call(env.app, 'POST', '/matters', {
      as: a.admin,
      body: { title: 'Sealed Estate of Doe', restricted: true, staffIds: [staffOn.id] },
    })
  ).json();
  const open = (
    await call(env.app, 'POST', '/matters', { as: a.admin, body: { title: 'Open Conveyance' } })
  ).json();
  const contact = (
    await call(env.app, 'POST', '/contacts', { as: a.admin, body: { name: 'Private Client Zed' } })
  ).json();
  const partyContact = (
    await call(env.app, 'POST', '/contacts', {
      as: a.admin,
      body: { name: 'Sealed Client', email: 'sealed@client.test' },
    })
  ).json();
  const party = (
    await call(env.app, 'POST', `/matters/${restricted.id}/parties`, {
      as: a.admin,
      body: { contactId: partyContact.id, role: 'Client' },
    })
  ).json();
  const sharedContact = (
    await call(env.app, 'POST', '/contacts', { as: a.admin, body: { name: 'Shared Witness Quill' } })
  ).json();
  for (const matter of [restricted, open]) {
    await call(env.app, 'POST', `/matters/${matter.id}/parties`, {
      as: a.admin,
      body: { contactId: sharedContact.id, role: 'Witness' },
    });
  }
  const sealedSecret = 'zanzibarsealedword';
  const sealed = (
    await call(env.app, 'POST', `/matters/${restricted.id}/messages`, {
      as: a.admin,
      body: { partyIds: [party.id], body: `The ${sealedSecret} settlement` },
    })
  ).json();
  const channel = (
    await call(env.app, 'POST', '/conversations', {
      as: a.admin,
      body: { kind: 'channel', title: 'General' },
    })
  ).json();
  const directSecret = 'quixoticdirectword';
  const direct = (
    await call(env.app, 'POST', '/conversations', {
      as: a.admin,
      body: { kind: 'direct', staffIds: [staffOn.id] },
    })
  ).json();
  await call(env.app, 'POST', `/conversations/${direct.id}/messages`, {
    as: a.admin,
    body: { body: `A ${directSecret} note` },
  });
  const sealedFolder = (
    await call(env.app, 'POST', `/matters/${restricted.id}/folders`, {
      as: a.admin,
      body: { name: 'Sealed folder' },
    })
  ).json();
  const sealedDocument = (
    await uploadFiles(env.app, a.admin, restricted.id, [{ name: 'sealed-will.txt', content: 'the will' }])
  ).json().items[0];
  w = {
    sealedFolder,
    sealedDocument,
    admin: a.admin,
    staffOn,
    staffOff,
    otherFirm: b.admin,
    restricted,
    open,
    contact,
    sealedContact: partyContact,
    sharedContact,
    staffMember,
    sealedConversation: { id: sealed.conversation.id, partyId: party.id, secret: sealedSecret },
    channel: { id: channel.id },
    direct: { id: direct.id, secret: directSecret },
  };
});
afterAll(() => env.close());

describe('authorization matrix', () => {
  it('covers every staff route that is registered', () => {
    const covered = new Set(scenarios.map((s) => `${s.method} ${s.url.toString()}`));
    expect(covered.size).toBeGreaterThan(0);
    const routes = env.deps.routes
      .filter((r) => r.auth === 'staff' || r.auth === 'admin')
      .map((r) => `${r.method} ${r.url}`);
    const untested = routes.filter(
      (r) =>
        ![...scenarios].some((s) => {
          const [method, url] = r.split(' ');
          if (s.method !== method) return false;
          const pattern = new RegExp(`^${url!.replace(/:\w+/g, '[^/]+')}(\\?.*)?$`);
          return pattern.test(exampleUrl(s));
        }),
    );
    // Tested elsewhere on purpose: logout ends the caller's own session (auth tests); the tus
    // protocol routes are owner-scoped, not matter-scoped (uploads tests: only the owner may
    // see, continue, delete or use an upload).
    const elsewhere = new Set([
      'POST /auth/logout',
      'POST /uploads',
      'PATCH /uploads/:id',
      'DELETE /uploads/:id',
      'HEAD /uploads/:id',
    ]);
    expect(untested.filter((r) => !elsewhere.has(r))).toEqual([]);
  });

  for (const scenario of scenarios) {
    for (const actorName of actors) {
      const expected = scenario.expect[actorName];
      it(`${scenario.name}: ${actorName} → ${expected}`, async () => {
        const url = await scenario.url(w);
        let body = scenario.body?.(w);
        const wanted = body && typeof body === 'object' && (body as { contactId?: string }).contactId;
        if (wanted === '__fresh_contact__')
          body = { ...(body as object), contactId: await freshContactId(w) };
        if (wanted === '__fresh_sealed_contact__')
          body = { ...(body as object), contactId: await freshSealedContactId(w) };
        const refused = expected >= 400;
        const before = refused ? await databaseFingerprint(env.deps) : '';
        const as = actorName === 'anonymous' ? null : w[actorName];
        const raw = scenario.raw?.();
        const res = await call(
          env.app,
          scenario.method,
          url,
          raw ? { as, payload: raw.payload, headers: raw.headers } : { as, body },
        );
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

/** A concrete URL for coverage matching (ids replaced by placeholders). */
function exampleUrl(s: Scenario): string {
  const fake = new Proxy({} as World, {
    get: () => new Proxy({}, { get: (_t, key) => (key === 'id' ? 'ID' : 'x') }),
  });
  const source = s.url.toString();
  if (source.includes('freshParty')) return '/matters/ID/parties/ID';
  if (source.includes('freshParticipant')) return '/conversations/ID/participants/ID';
  if (source.includes('freshFolder')) return '/folders/ID';
  if (source.includes('freshDocument')) return '/documents/ID';
  if (source.includes('freshShare')) return '/shares/ID';
  if (source.includes('freshSession')) return '/me/sessions/ID';
  return s.url(fake) as string;
}
