import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { call, createTestEnv, type TestEnv } from './helpers';

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(() => env.close());

it('serves a valid OpenAPI 3.1 document describing every route, from the validating schemas', async () => {
  const res = await call(env.app, 'GET', '/api/v1/openapi.json');
  expect(res.statusCode).toBe(200);
  const doc = res.json();
  expect(doc.openapi).toBe('3.1.0');
  const result = await new Validator().validate(doc);
  expect(result.errors ?? [], JSON.stringify(result.errors)).toEqual([]);
  expect(result.valid).toBe(true);
  for (const r of env.deps.routes) {
    const path = `/api/v1${r.url.replace(/:(\w+)/g, '{$1}')}`;
    const op = doc.paths[path]?.[r.method.toLowerCase()];
    expect(op, `${r.method} ${path}`).toBeDefined();
    if (r.body) expect(op.requestBody.content[r.bodyContentType ?? 'application/json'].schema).toBeDefined();
  }
  // The login body is the same schema that validates requests: unknown fields refused, totp 6 digits.
  const login = doc.paths['/api/v1/auth/login'].post.requestBody.content['application/json'].schema;
  expect(login.additionalProperties).toBe(false);
  expect(login.required).toEqual(['email', 'password']);
  expect(login.properties.totp.pattern).toBe('^\\d{6}$');
});
