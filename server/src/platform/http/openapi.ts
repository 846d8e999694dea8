import { errorBody } from '@parley/contracts';
import { z } from 'zod';
import { API_PREFIX, type RouteSpec } from './route';

type JsonSchema = Record<string, unknown>;

const toSchema = (schema: z.ZodType, io: 'input' | 'output'): JsonSchema => {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, {
    target: 'draft-2020-12',
    io,
    unrepresentable: 'any',
  }) as JsonSchema;
  return rest;
};

function parameters(spec: RouteSpec): JsonSchema[] {
  const out: JsonSchema[] = [];
  for (const [where, schema] of [
    ['path', spec.params],
    ['query', spec.query],
  ] as const) {
    if (!schema) continue;
    const json = toSchema(schema, 'input') as {
      properties?: Record<string, JsonSchema>;
      required?: string[];
    };
    for (const [name, prop] of Object.entries(json.properties ?? {})) {
      out.push({
        name,
        in: where,
        required: where === 'path' || (json.required ?? []).includes(name),
        schema: prop,
      });
    }
  }
  return out;
}

const statusText: Record<number, string> = {
  400: 'Invalid request',
  401: 'Not signed in',
  403: 'Forbidden or step-up needed',
  404: 'Not found (or not visible to the caller)',
  409: 'Conflicts with the current state',
  413: 'File too large',
  415: 'Unsupported media type',
  422: 'Refused by a business rule',
  429: 'Rate limited',
};

/** The OpenAPI 3.1 document, built from the same zod schemas that validate requests. */
export function buildOpenApi(specs: RouteSpec[], serverUrl: string): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  const error = { content: { 'application/json': { schema: toSchema(errorBody, 'output') } } };
  for (const spec of specs) {
    const path = API_PREFIX + spec.url.replace(/:(\w+)/g, '{$1}');
    const status = spec.status ?? 200;
    const responses: Record<string, JsonSchema> = {
      [status]: {
        description: 'Success',
        ...(spec.response
          ? { content: { 'application/json': { schema: toSchema(spec.response, 'output') } } }
          : {}),
      },
    };
    const errorStatuses = new Set([400, ...(spec.auth === 'none' ? [] : [401]), ...(spec.errors ?? [])]);
    for (const code of errorStatuses)
      responses[code] = { description: statusText[code] ?? 'Error', ...error };
    const operation: JsonSchema = {
      summary: spec.summary,
      tags: [spec.tag],
      operationId: `${spec.method.toLowerCase()}${path.replace(/[^a-zA-Z0-9]+(.)?/g, (_m, c: string | undefined) => (c ? c.toUpperCase() : ''))}`,
      parameters: parameters(spec),
      responses,
      ...(spec.auth === 'none' ? { security: [] } : {}),
    };
    if (spec.body) {
      operation.requestBody = {
        required: true,
        content: { [spec.bodyContentType ?? 'application/json']: { schema: toSchema(spec.body, 'input') } },
      };
    }
    paths[path] ??= {};
    paths[path][spec.method.toLowerCase()] = operation;
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Parley API',
      version: '1.0.0',
      description: 'Secure messaging and document sharing for law firms.',
    },
    servers: [{ url: serverUrl }],
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer' },
        staffCookie: { type: 'apiKey', in: 'cookie', name: 'parley_session' },
        portalCookie: { type: 'apiKey', in: 'cookie', name: 'parley_portal' },
      },
    },
    security: [{ bearer: [] }, { staffCookie: [] }, { portalCookie: [] }],
    paths,
  };
}
