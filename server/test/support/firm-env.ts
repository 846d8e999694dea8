import { createTestEnv, type SeededStaff, seedFirm, type TestEnv } from '../helpers';

export interface FirmEnv {
  env: TestEnv;
  /** The firm's admin, "Ada Admin". */
  admin: SeededStaff;
  firmId: string;
  firmName: string;
}

/**
 * How most integration test files begin: a test app on its own database (`createTestEnv`, with
 * `env` on top of the test configuration) and one seeded firm with its admin.
 */
export async function createFirmEnv(
  options: { env?: Record<string, string>; firmName?: string } = {},
): Promise<FirmEnv> {
  const env = await createTestEnv(options.env ? { env: options.env } : {});
  const { firm, admin } = await seedFirm(env.deps, options.firmName);
  return { env, admin, firmId: firm.id, firmName: firm.name };
}
