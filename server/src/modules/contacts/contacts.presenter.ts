import type { ContactRow } from './contacts.repository';

export const presentContact = (c: ContactRow) => ({
  id: c.id,
  name: c.name,
  email: c.email,
  mobile: c.mobile,
});
