/** Where a request came from, for the audit log. */
export interface RequestMeta {
  ip: string | null;
  userAgent: string | null;
}

/** The meta of what the system does on its own (jobs, start-up): no address, no user agent. */
export const systemMeta: RequestMeta = { ip: null, userAgent: null };
