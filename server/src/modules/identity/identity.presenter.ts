import type { StaffRow } from './identity.repository';

export const presentStaffUser = (s: StaffRow) => ({ id: s.id, name: s.name, email: s.email, role: s.role });

export const presentStaffMember = (s: StaffRow) => ({
  ...presentStaffUser(s),
  active: s.active,
  totpEnabled: s.totpEnabled,
  createdAt: s.createdAt.toISOString(),
});
