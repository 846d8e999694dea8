/**
 * Plain values of the contract, without zod: the web app imports these from
 * `@parley/contracts/constants` so that no schema (and no zod) reaches its bundle.
 */
export const MESSAGE_BODY_MAX = 10_000;

/**
 * Close codes of the realtime socket (besides the standard 1000/1001). After any close the client
 * reconnects and catches up with `GET .../messages?after=<last seq>`.
 * - `sessionEnded` 4401: signed out, revoked, deactivated or expired (idle or absolute): sign in again.
 * - `catchUp` 4409: this socket fell too far behind (its outgoing buffer or its conversation's queue
 *   on the server reached its bound): events were dropped, reconnect now and catch up over REST.
 */
export const REALTIME_CLOSE = { sessionEnded: 4401, catchUp: 4409 } as const;

/**
 * Set beside the HttpOnly session cookie, with the same lifetime, and readable by the page. It only
 * says that a session cookie is there (never a credential), so the app asks `GET /portal/me` (or
 * `GET /me`) only then: a signed-out visitor's page makes no request that answers 401, which the
 * browser would log as a console error.
 */
export const SIGNED_IN_COOKIE = { staff: 'parley_signed_in', portal: 'parley_portal_signed_in' } as const;

/**
 * The default largest file (5 GiB), `LIMIT_FILE_BYTES` on the server: the web apps refuse a bigger
 * file before uploading a byte (the server checks again with its configured limit).
 */
export const FILE_BYTES_MAX = 5_368_709_120;
