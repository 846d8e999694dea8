import { z } from 'zod';
import { email, id, name } from './common';

export const mobile = z.string().trim().min(3).max(40);

export const contact = z.object({
  id,
  name: z.string(),
  email: z.string().nullable(),
  mobile: z.string().nullable(),
});
export const createContactRequest = z.strictObject({
  name: name(),
  email: email.optional().nullable(),
  mobile: mobile.optional().nullable(),
});
export const updateContactRequest = z
  .strictObject({
    name: name().optional(),
    email: email.optional().nullable(),
    mobile: mobile.optional().nullable(),
  })
  .refine((v) => Object.keys(v).length > 0, 'nothing to change');
export const contactQuery = z.strictObject({
  q: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
});

export const matter = z.object({
  id,
  title: z.string(),
  number: z.string().nullable(),
  restricted: z.boolean(),
  staffIds: z.array(id),
  rootFolderId: id,
  createdAt: z.string(),
  updatedAt: z.string(),
});
const staffIds = z.array(id).max(500);
export const createMatterRequest = z.strictObject({
  title: name(300),
  number: name(100).optional().nullable(),
  restricted: z.boolean().optional(),
  staffIds: staffIds.optional(),
});
export const updateMatterRequest = z
  .strictObject({
    title: name(300).optional(),
    number: name(100).optional().nullable(),
    restricted: z.boolean().optional(),
    staffIds: staffIds.optional(),
  })
  .refine((v) => Object.keys(v).length > 0, 'nothing to change');
export const matterQuery = contactQuery;

export const party = z.object({
  id,
  contactId: id,
  role: z.string(),
  name: z.string(),
  email: z.string().nullable(),
  mobile: z.string().nullable(),
});
export const createPartyRequest = z.strictObject({ contactId: id, role: name(100) });
/** `PATCH /matters/:id/parties/:partyId`: a party's role on this matter (email and mobile are the contact's). */
export const updatePartyRequest = z.strictObject({ role: name(100) });
export const partyParams = z.strictObject({ id, partyId: id });
export const partyList = z.object({ items: z.array(party), nextCursor: z.null() });
