import { API_PREFIX } from '../../platform/http/route';
import type { FirmRow } from './identity.repository';

/** The logo's URL names its content, so a new logo is a new URL (caches never show the old one). */
export const logoUrl = (firm: Pick<FirmRow, 'id' | 'logoSha256'>): string | null =>
  firm.logoSha256
    ? `${API_PREFIX}/branding/logo?firm=${encodeURIComponent(firm.id)}&v=${firm.logoSha256.slice(0, 16)}`
    : null;

const quietHours = (firm: FirmRow) =>
  firm.quietHoursStart && firm.quietHoursEnd
    ? { start: firm.quietHoursStart, end: firm.quietHoursEnd }
    : null;

/** `GET /firm`: the firm's settings (staff read them, admins change them). */
export const presentFirm = (firm: FirmRow) => ({
  id: firm.id,
  name: firm.name,
  brandColor: firm.brandColor,
  logoUrl: logoUrl(firm),
  welcomeText: firm.welcomeText,
  timeZone: firm.timeZone,
  quietHours: quietHours(firm),
  defaultLocale: firm.defaultLocale,
  requireStaffTotp: firm.requireStaffTotp,
});

/** `GET /branding`: what anyone may see before signing in. */
export const presentBranding = (firm: FirmRow) => ({
  firmName: firm.name,
  logoUrl: logoUrl(firm),
  brandColor: firm.brandColor,
  welcomeText: firm.welcomeText,
});
