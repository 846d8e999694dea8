/** Who is making a request. Every use-case takes one as its second argument. */
export interface StaffActor {
  type: 'staff';
  id: string;
  firmId: string;
  role: 'admin' | 'staff';
  name: string;
  email: string;
  sessionId: string;
  /** An authenticator app is set up: sign-in needs its code. */
  totpEnabled: boolean;
  /** The firm requires staff TOTP and this user has not enrolled: only enrolment routes are open. */
  totpSetupRequired?: boolean;
  /** Signed in with a one-time password (`npm run admin`): only changing it is open. */
  passwordChangeRequired?: boolean;
}

export interface PortalActor {
  type: 'portal';
  id: string;
  name: string;
  email: string;
  sessionId: string;
  mfaVerifiedUntil: Date | null;
}

export type Actor = StaffActor | PortalActor;
