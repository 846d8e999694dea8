import {
  changePasswordRequest,
  codeRequest,
  createStaffRequest,
  createStaffResponse,
  idParams,
  loginRequest,
  loginResponse,
  me,
  page,
  pageQuery,
  resetPasswordRequest,
  resetPasswordResponse,
  SIGNED_IN_COOKIE,
  staffMember,
  totpConfirmResponse,
  totpSetupResponse,
  updateStaffRequest,
} from '@parley/contracts';
import type { FastifyReply } from 'fastify';
import type { Deps } from '../../deps';
import { notFound } from '../../platform/errors';
import { route, SESSION_COOKIE } from '../../platform/http/route';
import { createStaff } from './create-staff';
import { DEVICE_COOKIE, setDeviceCookie } from './device-cookie';
import { logoUrl } from './firm.presenter';
import { listFirmStaff } from './list-staff';
import { login } from './login';
import { logout } from './logout';
import { readFirm } from './read-firm';
import { resetStaffTotp } from './reset-staff-totp';
import { changeOwnPassword, resetStaffPassword } from './staff-password';
import { confirmStaffTotp, setupStaffTotp } from './staff-totp';
import { updateStaff } from './update-staff';

export function setSessionCookie(
  deps: Deps,
  reply: FastifyReply,
  kind: 'staff' | 'portal',
  token: string,
  expires: Date,
) {
  const options = { sameSite: 'lax', secure: deps.config.secureCookies, path: '/', expires } as const;
  reply.setCookie(SESSION_COOKIE[kind], token, { ...options, httpOnly: true });
  reply.setCookie(SIGNED_IN_COOKIE[kind], '1', options);
}

/** Signing out: the session cookie and its readable `SIGNED_IN_COOKIE` go together. */
export function clearSessionCookie(reply: FastifyReply, kind: 'staff' | 'portal') {
  reply.clearCookie(SESSION_COOKIE[kind], { path: '/' });
  reply.clearCookie(SIGNED_IN_COOKIE[kind], { path: '/' });
}

export const identityRoutes = [
  route({
    method: 'POST',
    url: '/auth/login',
    summary: 'Staff sign-in with email and password (and TOTP when enrolled)',
    tag: 'auth',
    auth: 'none',
    signIn: true,
    body: loginRequest,
    response: loginResponse,
    errors: [401, 403, 429],
    handler: async ({ deps, body, meta, request, reply }) => {
      const result = await login(deps, body, meta, request.cookies?.[DEVICE_COOKIE.staff]);
      setSessionCookie(deps, reply, 'staff', result.token, result.expiresAt);
      setDeviceCookie(deps, reply, 'staff', result.deviceCookie);
      const { expiresAt: _expires, deviceCookie: _device, ...response } = result;
      return response;
    },
  }),
  route({
    method: 'POST',
    url: '/auth/logout',
    summary: 'End this session everywhere',
    tag: 'auth',
    auth: 'staff',
    allowDuringPasswordChange: true,
    allowDuringTotpSetup: true,
    status: 204,
    handler: async ({ deps, actor, meta, reply }) => {
      await logout(deps, actor, meta);
      clearSessionCookie(reply, 'staff');
    },
  }),
  route({
    method: 'GET',
    url: '/me',
    summary: 'The signed-in staff member and their firm',
    tag: 'auth',
    auth: 'staff',
    allowDuringPasswordChange: true,
    allowDuringTotpSetup: true,
    response: me,
    handler: async ({ deps, actor }) => {
      const firm = await readFirm(deps, { firmId: actor.firmId });
      return {
        id: actor.id,
        name: actor.name,
        email: actor.email,
        role: actor.role,
        firm: { id: firm.id, name: firm.name, brandColor: firm.brandColor, logoUrl: logoUrl(firm) },
        totpEnabled: actor.totpEnabled,
        ...(actor.totpSetupRequired ? { totpSetupRequired: true } : {}),
        ...(actor.passwordChangeRequired ? { passwordChangeRequired: true } : {}),
        limits: {
          fileBytes: deps.config.LIMIT_FILE_BYTES,
          filesPerFolder: deps.config.LIMIT_FILES_PER_FOLDER,
          filesPerSend: deps.config.LIMIT_FILES_PER_SEND,
        },
        ...(actor.role === 'admin'
          ? { outbox: { email: deps.mail.kind === 'outbox', sms: deps.sms.kind === 'outbox' } }
          : {}),
      };
    },
  }),
  route({
    method: 'POST',
    url: '/auth/totp/setup',
    summary: 'Start setting up an authenticator app (TOTP) for the caller',
    tag: 'auth',
    auth: 'staff',
    allowDuringTotpSetup: true,
    response: totpSetupResponse,
    errors: [409],
    handler: ({ deps, actor, meta }) => setupStaffTotp(deps, actor, meta),
  }),
  route({
    method: 'POST',
    url: '/auth/totp/confirm',
    summary: 'Turn TOTP on with a code from the app; sign-in then needs `totp`',
    tag: 'auth',
    auth: 'staff',
    allowDuringTotpSetup: true,
    body: codeRequest,
    response: totpConfirmResponse,
    errors: [409, 422, 429],
    handler: ({ deps, actor, body, meta }) => confirmStaffTotp(deps, actor, body.code, meta),
  }),
  route({
    method: 'POST',
    url: '/auth/password',
    summary: 'Change the caller’s own password (the current one first); their other sessions end',
    tag: 'auth',
    auth: 'staff',
    allowDuringPasswordChange: true,
    body: changePasswordRequest,
    status: 204,
    errors: [422, 429],
    handler: async ({ deps, actor, body, meta }) => {
      await changeOwnPassword(deps, actor, body, meta);
    },
  }),
  route({
    method: 'GET',
    url: '/staff',
    summary: "The firm's staff",
    tag: 'staff',
    auth: 'staff',
    query: pageQuery,
    response: page(staffMember),
    handler: ({ deps, actor, query }) => listFirmStaff(deps, actor, query),
  }),
  route({
    method: 'POST',
    url: '/staff',
    summary: 'Add a staff member (admin)',
    tag: 'staff',
    auth: 'admin',
    body: createStaffRequest,
    status: 201,
    response: createStaffResponse,
    errors: [403, 409],
    handler: ({ deps, actor, body, meta }) => createStaff(deps, actor, body, meta),
  }),
  route({
    method: 'PATCH',
    url: '/staff/:id',
    summary: 'Rename, change role, or deactivate a staff member (admin); deactivation ends their sessions',
    tag: 'staff',
    auth: 'admin',
    params: idParams,
    body: updateStaffRequest,
    response: staffMember,
    errors: [403, 404, 422],
    handler: async ({ deps, actor, params, body, meta }) => {
      if (!params.id) throw notFound();
      return updateStaff(deps, actor, params.id, body, meta);
    },
  }),
  route({
    method: 'POST',
    url: '/staff/:id/password',
    summary:
      'Reset a forgotten password (admin; not one’s own): the given one, or one made and shown once; their sessions end',
    tag: 'staff',
    auth: 'admin',
    params: idParams,
    body: resetPasswordRequest,
    response: resetPasswordResponse,
    errors: [403, 404, 422],
    handler: async ({ deps, actor, params, body, meta }) => {
      if (!params.id) throw notFound();
      return resetStaffPassword(deps, actor, params.id, body, meta);
    },
  }),
  route({
    method: 'DELETE',
    url: '/staff/:id/totp',
    summary:
      'Reset a staff member’s authenticator app (admin; not one’s own): TOTP off, seed deleted, their sessions ended',
    tag: 'staff',
    auth: 'admin',
    params: idParams,
    response: staffMember,
    errors: [403, 404, 422],
    handler: async ({ deps, actor, params, meta }) => {
      if (!params.id) throw notFound();
      return resetStaffTotp(deps, actor, params.id, meta);
    },
  }),
];
