// The admin API, /api/v1: every resource of routes/index.ts registered through the kit, the OpenAPI 3.1
// document at /api/v1/openapi.json (public: it describes, it holds no data), and problem answers for
// whatever goes wrong outside a handler (validation, malformed bodies, unknown paths, bugs).
import { OpenAPIHono, z } from '@hono/zod-openapi';
import { HTTPException } from 'hono/http-exception';
import { createMemberCache } from './auth.ts';
import type { ApiEnv, ApiV1Deps } from './deps.ts';
import { type AnyOperation, register } from './kit.ts';
import { ProblemError, problemResponse } from './problems.ts';
import { resources } from './routes/index.ts';

export const API_TITLE = 'Nova admin API';
export const API_VERSION = '1.0.0';

const DESCRIPTION = `The REST API of a Nova office: customers, requests, properties, offers, matches and more, over the
same rules as the chat (roles, teams, privacy). Send \`Authorization: Bearer <token>\`: a member's access
token (sign-in) or an API key (\`nova_…\`, created by the office's owner). Errors are RFC 9457 problem
details. Lists page with \`limit\` and an opaque \`cursor\`; reads carry an \`ETag\`, updates accept
\`If-Match\`; POSTs accept an \`Idempotency-Key\`. See docs/api.md.`;

function issuesOf(error: z.ZodError) {
  return error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
}

export function createApiV1(deps: ApiV1Deps) {
  const app = new OpenAPIHono<ApiEnv>({
    defaultHook: (result, c) => {
      if (!result.success) {
        return problemResponse(c, 'API.INVALID_INPUT', { errors: issuesOf(result.error) });
      }
    },
  });
  app.openAPIRegistry.registerComponent('securitySchemes', 'bearerAuth', {
    type: 'http',
    scheme: 'bearer',
    description: "a member's access token (POST /auth/otp/verify) or an office's API key (nova_…)",
  });
  const members = createMemberCache(deps);
  const seen = new Set<string>();
  const operations: AnyOperation[] = [];
  for (const resource of resources) {
    for (const op of resource.operations) {
      if (seen.has(op.operationId)) throw new Error(`duplicate operationId ${op.operationId}`);
      seen.add(op.operationId);
      operations.push(op);
      register(app, deps, op, resource.tag, z, members);
    }
  }
  app.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: { title: API_TITLE, version: API_VERSION, description: DESCRIPTION },
    servers: [{ url: '/api/v1' }],
    tags: resources.map((r) => ({ name: r.tag, description: r.description })),
  });
  // a sub-app's notFound is not used once mounted: the API's own catch-all answers unknown paths
  app.all('*', (c) => problemResponse(c, 'API.NOT_FOUND'));
  app.notFound((c) => problemResponse(c, 'API.NOT_FOUND'));
  app.onError((error, c) => {
    if (error instanceof ProblemError) return problemResponse(c, error.code, error.extra);
    if (error instanceof HTTPException && error.status < 500) {
      // a malformed JSON body, a wrong content type: Hono's validator throws these
      const code =
        error.status === 413
          ? 'API.PAYLOAD_TOO_LARGE'
          : error.status === 415
            ? 'API.UNSUPPORTED_MEDIA_TYPE'
            : 'API.INVALID_INPUT';
      return problemResponse(c, code, { errors: [{ path: '', message: error.message }] });
    }
    const ref = crypto.randomUUID().slice(0, 8);
    deps.logger.error({ ref, err: error, route: c.req.routePath }, 'admin API error');
    return problemResponse(c, 'API.INTERNAL', { details: { ref } });
  });
  return { app, operations, members };
}
