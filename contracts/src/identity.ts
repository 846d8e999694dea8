import { z } from 'zod';
import { email, id, name } from './common';

export const role = z.enum(['admin', 'staff']);

export const loginRequest = z.strictObject({
  email: z.string().trim().min(1, 'must not be empty').max(320),
  password: z.string().min(1, 'must not be empty').max(1024),
  totp: z
    .string()
    .regex(/^\d{6}$/, 'must be 6 digits')
    .optional(),
});

export const staffUser = z.object({ id, name: z.string(), email: z.string(), role });
export const loginResponse = z.object({
  token: z.string(),
  user: staffUser,
  /** The firm requires TOTP and this user has none yet: the session may only enrol (`/auth/totp/*`). */
  totpSetupRequired: z.boolean().optional(),
  /** Signed in with a one-time password (`npm run admin`): only `POST /auth/password` (and /me, logout) work until it is changed. */
  passwordChangeRequired: z.boolean().optional(),
});

export const me = staffUser.extend({
  firm: z.object({ id, name: z.string(), brandColor: z.string(), logoUrl: z.string().nullable() }),
  /** The firm requires TOTP and this user has none yet: only TOTP setup works until they enrol. */
  totpSetupRequired: z.boolean().optional(),
  /** Signed in with a one-time password: only changing it works until they do. */
  passwordChangeRequired: z.boolean().optional(),
  /** An authenticator app is set up: sign-in needs its code. */
  totpEnabled: z.boolean(),
  /** The server's limits (DESIGN.md rule 4), so the app can say so before a request is refused. */
  limits: z.object({
    fileBytes: z.number().int(),
    filesPerFolder: z.number().int(),
    filesPerSend: z.number().int(),
  }),
  /** Admins only: which kinds of message go to the outbox because no provider is set up. */
  outbox: z.object({ email: z.boolean(), sms: z.boolean() }).optional(),
});

export const staffMember = staffUser.extend({
  active: z.boolean(),
  totpEnabled: z.boolean(),
  createdAt: z.string(),
});

export const createStaffRequest = z.strictObject({
  name: name(),
  email,
  role,
  password: z.string().min(12, 'must be at least 12 characters').max(1024).optional(),
});
export const createStaffResponse = staffMember.extend({
  /** Only when the server generated the password: shown once. */
  initialPassword: z.string().optional(),
});

const newPassword = z.string().min(12, 'must be at least 12 characters').max(1024);
/** `POST /auth/password`: the caller's own password. */
export const changePasswordRequest = z.strictObject({
  currentPassword: z.string().min(1).max(1024),
  newPassword,
});
/** `POST /staff/:id/password` (admin): a new password for someone else; without one, one is made. */
export const resetPasswordRequest = z.strictObject({ password: newPassword.optional() });
export const resetPasswordResponse = z.object({
  /** Only when the server generated it: shown once. */
  initialPassword: z.string().optional(),
});

export const updateStaffRequest = z
  .strictObject({ name: name().optional(), role: role.optional(), active: z.boolean().optional() })
  .refine((v) => Object.keys(v).length > 0, 'nothing to change');
