// /api-keys: the office's API keys, for its owner. A new key is in the creation's answer only, once.
import type { ApiKeyInfo } from '../../../core/apikeys/apikeys.service.ts';
import { answer, defineResource, fromResult, operation } from '../kit.ts';
import { IdParams, iso, isoOrNull, Timestamp, z } from '../schemas.ts';

const ApiKey = z
  .object({
    id: z.uuid(),
    name: z.string(),
    prefix: z.string().openapi({ description: "the key's first characters", example: 'nova_Xb3kQ9aZ' }),
    readOnly: z.boolean(),
    memberId: z.uuid().openapi({ description: 'the member the key acts as' }),
    memberName: z.string(),
    lastUsedAt: Timestamp.nullable(),
    revokedAt: Timestamp.nullable(),
    createdAt: Timestamp,
  })
  .openapi('ApiKey');

const NewApiKeyBody = z
  .object({
    name: z.string().trim().min(1).max(100).openapi({ example: 'Website contact form' }),
    memberId: z.uuid().optional().openapi({ description: 'the member the key acts as (or memberPhone)' }),
    memberPhone: z.string().min(1).max(40).optional().openapi({ example: '+966551234567' }),
    readOnly: z.boolean().default(false),
  })
  .openapi('NewApiKey');

const CreatedApiKey = ApiKey.extend({
  key: z.string().openapi({ description: 'the key itself: shown this once, never again', example: 'nova_…' }),
}).openapi('CreatedApiKey');

const toJson = (k: ApiKeyInfo) => ({
  id: k.id,
  name: k.name,
  prefix: k.prefix,
  readOnly: k.readOnly,
  memberId: k.userId,
  memberName: k.memberName,
  lastUsedAt: isoOrNull(k.lastUsedAt),
  revokedAt: isoOrNull(k.revokedAt),
  createdAt: iso(k.createdAt),
});

export const apiKeysResource = defineResource('api-keys', "The office's API keys (owner only).", [
  operation({
    operationId: 'listApiKeys',
    method: 'get',
    path: '/api-keys',
    summary: "List the office's API keys",
    success: {
      status: 200,
      description: 'the keys, newest first (revoked ones too)',
      schema: z.object({ items: z.array(ApiKey) }),
    },
    handler: async ({ core, scope }) => answer({ items: (await core.apiKeys.list(scope)).map(toJson) }),
  }),
  operation({
    operationId: 'createApiKey',
    method: 'post',
    path: '/api-keys',
    summary: 'Create an API key',
    description: 'The answer holds the key itself, once: store it now. Only its SHA-256 is kept.',
    body: NewApiKeyBody,
    success: { status: 201, description: 'the key, with its secret', schema: CreatedApiKey },
    errors: ['APIKEY.INVALID_INPUT', 'APIKEY.MEMBER_NOT_FOUND'],
    handler: async ({ write, scope, body }) =>
      fromResult(
        await write((core) =>
          core.apiKeys.create(scope, {
            name: body.name,
            readOnly: body.readOnly,
            ...(body.memberId ? { userId: body.memberId } : {}),
            ...(body.memberPhone ? { phone: body.memberPhone } : {}),
          }),
        ),
        (k) => ({ ...toJson(k), key: k.key }),
      ),
  }),
  operation({
    operationId: 'getApiKey',
    method: 'get',
    path: '/api-keys/{id}',
    summary: 'Get an API key',
    params: IdParams,
    success: { status: 200, description: 'the key (without its secret)', schema: ApiKey },
    errors: ['APIKEY.NOT_FOUND'],
    handler: async ({ core, scope, params }) => fromResult(await core.apiKeys.get(scope, params.id), toJson),
  }),
  operation({
    operationId: 'revokeApiKey',
    method: 'delete',
    path: '/api-keys/{id}',
    summary: 'Revoke an API key',
    description: 'The key stops working at once. Revoking it again changes nothing.',
    params: IdParams,
    success: { status: 200, description: 'the revoked key', schema: ApiKey },
    errors: ['APIKEY.NOT_FOUND'],
    handler: async ({ write, scope, params }) =>
      fromResult(await write((core) => core.apiKeys.revoke(scope, params.id)), toJson),
  }),
]);
