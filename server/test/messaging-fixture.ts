import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import type { Deps } from '../src/deps';
import { queryRows } from '../src/platform/db/database';
import {
  blobs,
  contacts,
  documents,
  documentVersions,
  matterStaff,
  matters,
  parties,
} from '../src/platform/db/schema';
import { type SeededStaff, seedFirm, seedStaff } from './helpers';

/** Rows inserted directly (All Files is built elsewhere): a live document with `versions` versions. */
export async function seedDocument(
  deps: Deps,
  firmId: string,
  matterId: string,
  name = 'brief.pdf',
  versions = 1,
) {
  const [matter] = await deps.db.select().from(matters).where(eq(matters.id, matterId));
  const [doc] = await deps.db
    .insert(documents)
    .values({ firmId, matterId, folderId: matter!.rootFolderId, name })
    .returning();
  const versionIds: string[] = [];
  for (let n = 1; n <= versions; n++) {
    const sha = randomUUID().replaceAll('-', '');
    const [blob] = await deps.db
      .insert(blobs)
      .values({ firmId, sha256: sha, size: 100 * n, storageKey: `k/${sha}` })
      .returning();
    const [version] = await deps.db
      .insert(documentVersions)
      .values({
        firmId,
        documentId: doc!.id,
        number: n,
        blobId: blob!.id,
        size: 100 * n,
        sha256: sha,
        contentType: 'application/pdf',
        createdByType: 'staff',
        createdById: 'seed',
      })
      .returning();
    versionIds.push(version!.id);
  }
  await deps.db
    .update(documents)
    .set({ currentVersionId: versionIds.at(-1)! })
    .where(eq(documents.id, doc!.id));
  return { id: doc!.id, versionIds };
}

export async function seedMatter(deps: Deps, firmId: string, creator: string, restrictedTo?: string[]) {
  const rootFolderId = randomUUID();
  const [matter] = await deps.db
    .insert(matters)
    .values({
      firmId,
      title: `Matter ${randomUUID().slice(0, 6)}`,
      restricted: restrictedTo !== undefined,
      rootFolderId,
      createdBy: creator,
    })
    .returning();
  await deps.db.execute(
    sql`insert into folders (id, firm_id, matter_id, name, path) values (${rootFolderId}, ${firmId}, ${matter!.id}, 'All Files', ${`/${rootFolderId}/`})`,
  );
  for (const staffId of restrictedTo ?? []) {
    await deps.db.insert(matterStaff).values({ firmId, matterId: matter!.id, staffId });
  }
  return matter!;
}

export async function seedParty(deps: Deps, firmId: string, matterId: string, name = 'Carla Client') {
  const [contact] = await deps.db
    .insert(contacts)
    .values({ firmId, name, email: `${randomUUID().slice(0, 8)}@client.test`, mobile: '+15551234567' })
    .returning();
  const [party] = await deps.db
    .insert(parties)
    .values({ firmId, matterId, contactId: contact!.id, role: 'Client' })
    .returning();
  return { ...party!, contact: contact! };
}

export interface World {
  firmId: string;
  admin: SeededStaff;
  alice: SeededStaff;
  bob: SeededStaff;
  /** Not on the restricted matter. */
  carol: SeededStaff;
  /** Another firm's admin. */
  outsider: SeededStaff;
  open: { id: string };
  restricted: { id: string };
  party: Awaited<ReturnType<typeof seedParty>>;
  restrictedParty: Awaited<ReturnType<typeof seedParty>>;
}

export async function seedWorld(deps: Deps): Promise<World> {
  const { firm, admin } = await seedFirm(deps);
  const [alice, bob, carol] = await Promise.all([
    seedStaff(deps, firm.id, 'staff', 'Alice'),
    seedStaff(deps, firm.id, 'staff', 'Bob'),
    seedStaff(deps, firm.id, 'staff', 'Carol'),
  ]);
  const other = await seedFirm(deps);
  const open = await seedMatter(deps, firm.id, alice.id);
  const restricted = await seedMatter(deps, firm.id, alice.id, [alice.id, bob.id]);
  const party = await seedParty(deps, firm.id, open.id);
  const restrictedParty = await seedParty(deps, firm.id, restricted.id, 'Rita Restricted');
  return {
    firmId: firm.id,
    admin,
    alice,
    bob,
    carol,
    outsider: other.admin,
    open,
    restricted,
    party,
    restrictedParty,
  };
}

export async function auditCount(deps: Deps, firmId: string): Promise<number> {
  const rows = await queryRows<{ n: string }>(
    deps.db,
    sql`select count(*)::text as n from audit_log where firm_id = ${firmId}`,
  );
  return Number(rows[0]!.n);
}
