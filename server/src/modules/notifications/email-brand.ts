import { DEFAULT_BRAND_COLOR } from '@parley/contracts';
import type { Deps } from '../../deps';
import type { Queryable } from '../../platform/db/database';
import { logoUrl } from '../identity/firm.presenter';
import { findFirstFirm } from '../identity/identity.repository';

/** What a client email shows of the firm: its name, its logo (an absolute URL) and its colour. */
export interface EmailBrand {
  firmName: string;
  /** `PUBLIC_URL` + the logo's content-named URL (`GET /branding/logo`), or null without a logo. */
  logoUrl: string | null;
  /** `#rrggbb`, readable under white text (checked when the firm saved it). */
  brandColor: string;
  /** The portal's guide for clients, in this firm's brand (`PUBLIC_URL/portal/guide?firm=…`). */
  guideUrl: string;
  /** The language of emails to people who have chosen none (the firm's `defaultLocale`). */
  defaultLocale: 'en' | 'es';
}

/**
 * The brand of the firm an email is about. A portal user known to several firms (a sign-in link,
 * a step-up code) gets the earliest-created of them, the same firm `GET /branding` answers for
 * when the portal's sign-in page names none; with no firm at all, the instance's first firm.
 */
export async function emailBrand(db: Queryable, deps: Deps, firmIds: string[]): Promise<EmailBrand> {
  const firm = await findFirstFirm(db, firmIds);
  const logo = firm ? logoUrl(firm) : null;
  const base = deps.config.PUBLIC_URL.replace(/\/$/, '');
  return {
    firmName: firm?.name ?? 'Parley',
    logoUrl: logo ? `${base}${logo}` : null,
    brandColor: firm?.brandColor ?? DEFAULT_BRAND_COLOR,
    guideUrl: `${base}/portal/guide${firm ? `?firm=${encodeURIComponent(firm.id)}` : ''}`,
    defaultLocale: firm?.defaultLocale ?? 'en',
  };
}
