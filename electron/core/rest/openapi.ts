import { methods, type MethodName } from '../../../shared/api/contract';
import { inputJsonSchema, inputProperties } from './input-schema';
import { v1Routes, type V1Route } from './v1-routes';

const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
});

function operation(name: MethodName, route: V1Route) {
  const pathKeys = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
  const parameters: object[] = pathKeys.map((key) => ({
    name: key,
    in: 'path',
    required: true,
    schema: { type: 'string' },
  }));
  const op: Record<string, unknown> = {
    operationId: name,
    summary: methods[name].summary,
    tags: [route.tag],
    parameters,
    responses: {
      '200': { description: "The method's answer.", content: { 'application/json': { schema: {} } } },
      '400': errorResponse('Invalid input: `error.fieldErrors` names each field to fix.'),
      '401': errorResponse('Missing or unknown API key.'),
      '404': errorResponse('No such object.'),
      ...(route.conflict
        ? { '409': errorResponse('Conflicts with work already under way (the message says which).') }
        : {}),
      ...(route.failed ? { '422': errorResponse(route.failed) } : {}),
    },
  };
  if (route.method === 'GET' || route.method === 'DELETE') {
    for (const [key, schema] of Object.entries(inputProperties(name))) {
      if (!pathKeys.includes(key)) parameters.push({ name: key, in: 'query', required: false, schema });
    }
  } else {
    op.requestBody = { required: false, content: { 'application/json': { schema: inputJsonSchema(name) } } };
  }
  return op;
}

/**
 * OpenAPI 3.1 for /api/v1, generated from the route table and the same zod
 * schemas the doors validate with, so the document cannot drift from the code.
 */
export function buildOpenApi(version: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const [name, route] of Object.entries(v1Routes) as [MethodName, V1Route | null][]) {
    if (!route) continue;
    (paths[route.path] ??= {})[route.method.toLowerCase()] = operation(name, route);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Hookbench API',
      version,
      description:
        'The native REST API of a local Hookbench. Authenticate with `Authorization: <apiKey>` (a `Bearer ` prefix is accepted too).',
    },
    servers: [{ url: '/' }],
    security: [{ apiKey: [] }],
    paths,
    components: {
      securitySchemes: { apiKey: { type: 'apiKey', in: 'header', name: 'Authorization' } },
      schemas: {
        Error: {
          type: 'object',
          required: ['error'],
          properties: {
            error: {
              type: 'object',
              required: ['code', 'message'],
              properties: {
                code: { type: 'string' },
                message: { type: 'string' },
                fieldErrors: { type: 'object', additionalProperties: { type: 'array', items: { type: 'string' } } },
              },
            },
          },
        },
      },
    },
  };
}
