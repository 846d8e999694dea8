/**
 * Plain values of the contract, without zod: the web app imports these from
 * `@parley/contracts/constants` so that no schema (and no zod) reaches its bundle.
 */
export const MESSAGE_BODY_MAX = 10_000;
