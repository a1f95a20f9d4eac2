/**
 * The OpenAPI 3.1 document served at `/openapi.json`. Schemas are generated from the zod schemas
 * in schemas.ts (never written twice); paths, parameters and responses are assembled here.
 */
import { z } from 'zod';
import { DEFAULT_PAGE_LIMIT, MAX_PAGE_LIMIT } from './limits.js';
import { PROBLEM_BASE, PROBLEM_TYPES } from './problem.js';
import {
  AdminWorkspace,
  AdminWorkspaceList,
  ApiKey,
  ApiKeyCreate,
  ApiKeyList,
  AuditEntry,
  AuditPage,
  ChangeEvent,
  COLLECTIONS,
  CreatedApiKey,
  FieldErrorSchema,
  Health,
  PreconditionFailedProblem,
  Problem,
  RECORD_SCHEMAS,
  ServerIndex,
  Stage,
  Tombstone,
  Workspace,
  WorkspaceCreate,
  WorkspacePatch,
  type CollectionName,
} from './schemas.js';

type Obj = Record<string, unknown>;

const ref = (kind: string, name: string): Obj => ({ $ref: `#/components/${kind}/${name}` });
const schemaRef = (name: string): Obj => ref('schemas', name);

/** Components generated from one zod registry; `$schema` and `$id` are dropped (OpenAPI has its own). */
function generate(registry: z.core.$ZodRegistry<{ id: string }>, io: 'input' | 'output'): Record<string, Obj> {
  const { schemas } = z.toJSONSchema(registry, { io, uri: (id) => `#/components/schemas/${id}`, unrepresentable: 'any' });
  const out: Record<string, Obj> = {};
  for (const [name, schema] of Object.entries(schemas)) {
    const { $schema: _schema, $id: _id, ...rest } = schema as Obj;
    out[name] = rest;
  }
  return out;
}

function componentSchemas(): Record<string, Obj> {
  const records = z.registry<{ id: string }>();
  const writes = z.registry<{ id: string }>();
  records.add(Stage, { id: 'Stage' });
  writes.add(Stage, { id: 'StageWrite' });
  records.add(Tombstone, { id: 'Tombstone' });
  records.add(FieldErrorSchema, { id: 'FieldError' });
  records.add(Problem, { id: 'Problem' });
  records.add(PreconditionFailedProblem, { id: 'PreconditionFailedProblem' });
  records.add(Health, { id: 'Health' });
  for (const [schema, id] of [
    [ServerIndex, 'ServerIndex'], [ChangeEvent, 'ChangeEvent'], [AuditEntry, 'AuditEntry'], [AuditPage, 'AuditPage'], [Workspace, 'Workspace'],
    [AdminWorkspace, 'AdminWorkspace'], [AdminWorkspaceList, 'AdminWorkspaceList'], [ApiKey, 'ApiKey'], [CreatedApiKey, 'CreatedApiKey'],
    [ApiKeyList, 'ApiKeyList'],
  ] as const) records.add(schema, { id });
  for (const [schema, id] of [[WorkspacePatch, 'WorkspacePatch'], [WorkspaceCreate, 'WorkspaceCreate'], [ApiKeyCreate, 'ApiKeyCreate']] as const) writes.add(schema, { id });
  for (const collection of COLLECTIONS) {
    const { name, record, write } = RECORD_SCHEMAS[collection];
    records.add(record, { id: name });
    writes.add(write, { id: `${name}Write` });
    const page = z
      .object({
        items: z.array(z.union([record, Tombstone])).meta({ description: 'Records in write order; tombstones only with `since`, `updatedSince` or `deleted=true`.' }),
        nextCursor: z.string().nullable().meta({ description: 'Pass as `cursor` for the next page; null at the end.' }),
        etags: z.record(z.string(), z.string()).meta({ description: 'The ETag of each listed (not deleted) record, by id.' }),
        syncToken: z.string().optional().meta({
          description:
            'On the last page only (nextCursor null): pass as `since` next time to get every write made after this page was read, deletes included, whatever the filters.',
        }),
      })
      .meta({ description: `A page of ${collection}.` });
    records.add(page, { id: `${name}Page` });
  }
  return { ...generate(records, 'output'), ...generate(writes, 'input') };
}

function problemResponse(description: string, schema = 'Problem', headers?: Obj): Obj {
  return {
    description,
    ...(headers ? { headers } : {}),
    content: { 'application/problem+json': { schema: schemaRef(schema) } },
  };
}

const recordHeaders = { ETag: ref('headers', 'ETag'), 'Idempotent-Replayed': ref('headers', 'IdempotentReplayed') };

function jsonContent(schema: Obj): Obj {
  return { 'application/json': { schema } };
}

/**
 * An operation behind the credential check: who may call it (said in its description), and the
 * answers every such operation may give: 401 (no or unknown credential), 403 (a role that may not),
 * 503 (the identity provider's keys could not be loaded) and, past the role check, 429.
 */
function guarded(roles: string, op: Obj, options: { limited?: boolean; security?: Obj[] } = {}): Obj {
  const responses = op.responses as Obj;
  return {
    ...op,
    description: [op.description, `**Who:** ${roles}.`].filter(Boolean).join('\n\n'),
    ...(options.security ? { security: options.security } : {}),
    responses: {
      ...responses,
      '401': ref('responses', 'Unauthorized'),
      '403': ref('responses', 'Forbidden'),
      ...(options.limited === false ? {} : { '429': ref('responses', 'RateLimited') }),
      '503': ref('responses', 'ServiceUnavailable'),
    },
  };
}

const READERS = 'viewer, member and admin (not form keys)';
const WRITERS = 'member and admin';
const ADMINS = 'admin';

function collectionPaths(collection: CollectionName): Record<string, Obj> {
  const { name } = RECORD_SCHEMAS[collection];
  const isLeads = collection === 'leads';
  const tag = [collection];
  const writeBody = { required: true, content: jsonContent(schemaRef(`${name}Write`)) };
  const writeErrors = {
    '400': ref('responses', 'BadRequest'),
    '409': ref('responses', 'Conflict'),
    '413': ref('responses', 'PayloadTooLarge'),
    '415': ref('responses', 'UnsupportedMediaType'),
    '422': ref('responses', 'ValidationError'),
  };
  const idempotencyKey = isLeads ? ref('parameters', 'IdempotencyKeyRequired') : ref('parameters', 'IdempotencyKey');
  const isSettings = collection === 'settings';
  const writers = collection === 'pipelines' ? ADMINS : isSettings ? 'admin for `routing` and `scoring`; member and admin for `campaigns`' : WRITERS;
  const creators = isLeads
    ? 'form (a publishable key for a web form: this operation only, from the key\'s origins when it has any, limited per client address), member and admin'
    : collection === 'activities'
    ? `${writers}; form keys too, for engagement only (a page view or visit of one of the workspace's leads, limited per client address like POST /leads)`
    : writers;
  return {
    [`/${collection}`]: {
      get: guarded(READERS, {
        operationId: `list${name}s`,
        tags: tag,
        summary: `List ${collection} in write order, page by page`,
        description: [
          'Deleted records are left out unless `since`, `updatedSince` or `deleted=true` is given; then they come as tombstones, so a client can sync. A sync pulls every page, keeps the last page\'s `syncToken` and sends it as `since` next time. Records changed while paging appear again later, with their new version. A page holds at most `limit` records and at most LIST_LIMIT_BYTES of them (at least one).',
          isLeads ? 'Suspected spam is left out unless `spam=true` asks for it alone.' : '',
        ]
          .filter(Boolean)
          .join(' '),
        parameters: [
          ref('parameters', 'Since'),
          ref('parameters', 'UpdatedSince'),
          ref('parameters', 'Cursor'),
          ref('parameters', 'Limit'),
          ref('parameters', 'Deleted'),
          ...(isLeads ? [ref('parameters', 'Spam')] : []),
          ...['pipelineId', 'stageId', 'status', 'leadId', 'dealId'].map((f) => ref('parameters', `Filter_${f}`)),
        ],
        responses: {
          '200': { description: `A page of ${collection}.`, content: jsonContent(schemaRef(`${name}Page`)) },
          '400': ref('responses', 'BadRequest'),
          '404': ref('responses', 'NotFound'),
        },
      }),
      post: isSettings ? undefined : guarded(creators, {
        operationId: `create${name}`,
        tags: tag,
        summary: `Create a ${name.toLowerCase()}`,
        description: [
          'Without `id` the server assigns a UUID. `createdAt` is kept when it is a valid ISO date, else set to now; `updatedAt` is always now. Fields starting with `_` are never stored.',
          isLeads
            ? 'Routing: a lead is assigned as it is stored, in the same transaction: a returning person (the same normalised e-mail as a live lead with an owner) goes to that owner (`routing.reason` `returning`, `duplicateOf` that lead); otherwise the workspace\'s `routing` settings decide (rules, weighted round robin with capacities, the default owner, or nobody: the lead waits in the pool). The lead records `routing: { ownerId, reason, ruleId?, teamId?, at, trigger }`. A form key cannot set `ownerId`, `teamId`, `routing`, `rejection`, `acceptedAt` or `acceptedBy` (they are dropped).'
            : '',
          isLeads
            ? 'Spam checks: when `_hp` (the honeypot) is not empty, or `_elapsedMs` (form render to submit) is not a number or is below the minimum fill time (`_minFillMs` of the page when lower; not with `_autofill: true`), the lead is stored with `spam: true` and `spamSignals`, answered 201 like any other and hidden from lists; a member releases it with PATCH `{"spam": false}` or purges it with DELETE.'
            : '',
          collection === 'activities'
            ? 'Engagement (l2c-elements/track): `{ leadId, type: "page-view" | "visit", at, value?, page?, engagement: true }`, `value` the seconds a page was visible or the pages of a visit (0..86,400), `page` a path without query string. A form key may create only these (any other activity is 403), with no other field and no `at` in the future (422 naming the field); a `leadId` that is not a live lead of the workspace is 422 `leadId`, the same answer whether the lead never existed, was deleted or belongs to another workspace.'
            : '',
          '`updatedBy` is set to the credential that wrote: `key:<id>` or `user:<subject>`.',
          'A replay with the same Idempotency-Key and body returns the first response with `Idempotent-Replayed: true`; the same key with another body is 409.',
        ]
          .filter(Boolean)
          .join(' '),
        parameters: [idempotencyKey],
        requestBody: writeBody,
        responses: {
          '201': {
            description: 'Created (or replayed).',
            headers: { ...recordHeaders, Location: ref('headers', 'Location') },
            content: jsonContent(schemaRef(name)),
          },
          ...writeErrors,
        },
      }),
    },
    [`/${collection}/{id}`]: {
      parameters: [ref('parameters', 'Id')],
      get: guarded(READERS, {
        operationId: `get${name}`,
        tags: tag,
        summary: `Read a ${name.toLowerCase()}`,
        parameters: [ref('parameters', 'IfNoneMatch')],
        responses: {
          '200': { description: 'The record.', headers: { ETag: ref('headers', 'ETag') }, content: jsonContent(schemaRef(name)) },
          '304': { description: 'Not modified (If-None-Match matched).', headers: { ETag: ref('headers', 'ETag') } },
          '404': ref('responses', 'NotFound'),
        },
      }),
      put: guarded(writers, {
        operationId: `put${name}`,
        tags: tag,
        summary: `Create or replace a ${name.toLowerCase()} (upsert)`,
        description: [
          'Replaces the whole record, or creates it (a deleted record comes back). `If-Match` must match the current ETag when given; `If-None-Match: *` creates only. The body `id`, when given, must equal the URL id.',
          isSettings
            ? 'The ids are `routing` (a routing configuration: rules, teams, weights, capacities, availability, default owner, period, SLA; applied to every lead stored from then on) `campaigns` (campaign costs) and `scoring` (the applied lead scoring model `{ model, learned?, appliedAt, appliedBy? }`; admin writes). A configuration with problems (an unknown team, a rule that can never match, a capacity below zero) is 422 with each field named, and the stored one stays.'
            : '',
          isLeads ? 'A lead stored for the first time is routed as POST routes it.' : '',
        ].filter(Boolean).join(' '),
        parameters: [ref('parameters', 'IfMatch'), ref('parameters', 'IfNoneMatchWrite'), ref('parameters', 'IdempotencyKey')],
        requestBody: writeBody,
        responses: {
          '200': { description: 'Replaced.', headers: recordHeaders, content: jsonContent(schemaRef(name)) },
          '201': {
            description: 'Created.',
            headers: { ...recordHeaders, Location: ref('headers', 'Location') },
            content: jsonContent(schemaRef(name)),
          },
          ...writeErrors,
          '412': ref('responses', 'PreconditionFailed'),
        },
      }),
      patch: guarded(writers, {
        operationId: `patch${name}`,
        tags: tag,
        summary: `Change a ${name.toLowerCase()} with a JSON merge patch (RFC 7396)`,
        description: 'Members of the patch replace the record\'s, `null` removes one, objects merge. The result is validated as a whole.',
        parameters: [ref('parameters', 'IfMatch'), ref('parameters', 'IdempotencyKey')],
        requestBody: {
          required: true,
          content: {
            'application/merge-patch+json': { schema: { type: 'object', description: `A merge patch of a ${name}.`, additionalProperties: true } },
            'application/json': { schema: { type: 'object', additionalProperties: true } },
          },
        },
        responses: {
          '200': { description: 'Changed.', headers: recordHeaders, content: jsonContent(schemaRef(name)) },
          '400': ref('responses', 'BadRequest'),
          '404': ref('responses', 'NotFound'),
          '409': ref('responses', 'Conflict'),
          '412': ref('responses', 'PreconditionFailed'),
          '413': ref('responses', 'PayloadTooLarge'),
          '415': ref('responses', 'UnsupportedMediaType'),
          '422': ref('responses', 'ValidationError'),
        },
      }),
      delete: guarded(writers, {
        operationId: `delete${name}`,
        tags: tag,
        summary: `Delete a ${name.toLowerCase()} (soft: kept as a tombstone for sync)`,
        description: isLeads ? 'A lead flagged as spam is purged for good instead (no client has seen it).' : undefined,
        parameters: [ref('parameters', 'IfMatch'), ref('parameters', 'IdempotencyKey')],
        responses: {
          '204': { description: 'Deleted.', headers: { 'Idempotent-Replayed': ref('headers', 'IdempotentReplayed') } },
          '404': ref('responses', 'NotFound'),
          '409': ref('responses', 'Conflict'),
          '412': ref('responses', 'PreconditionFailed'),
        },
      }),
    },
  };
}

function queryParam(name: string, description: string, schema: Obj): Obj {
  return { name, in: 'query', required: false, description, schema };
}

function headerParam(name: string, description: string, required = false): Obj {
  return { name, in: 'header', required, description, schema: { type: 'string' } };
}

function pathParam(name: string, description: string): Obj {
  return { name, in: 'path', required: true, description, schema: { type: 'string', minLength: 1, maxLength: 200 } };
}

/** The change stream, the audit log and the workspace of the credential. */
function workspacePaths(): Obj {
  return {
    '/changes': {
      get: guarded(READERS, {
        operationId: 'streamChanges',
        tags: ['workspace'],
        summary: 'Every write of the workspace as it happens (Server-Sent Events)',
        description:
          'A `text/event-stream`: first `event: ready` (its `id` is where the stream starts), then one `event: change` per write, in write order, whose `data` is a ChangeEvent and whose `id` is the position after it. Reconnect with `Last-Event-ID` (or `lastEventId`) to get what was written meanwhile, once, as it is now. Without either, the stream starts at the present. Suspected spam is not sent. The stream ends when its key is revoked; a comment line keeps it alive every 15 s. Writes through any server instance on the same database reach every stream.',
        parameters: [ref('parameters', 'LastEventIdHeader'), ref('parameters', 'LastEventIdQuery')],
        responses: {
          '200': {
            description: 'The stream (`retry: 2000` asks EventSource clients to reconnect after 2 s).',
            content: {
              'text/event-stream': {
                schema: { type: 'string', description: 'SSE events `ready` and `change`; the `data` of a change is a ChangeEvent.' },
                // OpenAPI 3.1 has no schema for the events of a stream (3.2's itemSchema): named in an extension.
                'x-event-data': schemaRef('ChangeEvent'),
              },
            },
          },
          '400': ref('responses', 'BadRequest'),
        },
      }),
    },
    '/audit': {
      get: guarded(ADMINS, {
        operationId: 'listAudit',
        tags: ['workspace'],
        summary: "The workspace's append-only audit log, oldest first",
        description: 'Every write (create, replace, update, delete, spam release and purge), every key created or revoked and every change of the workspace, with who did it.',
        parameters: [ref('parameters', 'AuditSince'), ref('parameters', 'Cursor'), ref('parameters', 'Limit')],
        responses: { '200': { description: 'A page of the log.', content: jsonContent(schemaRef('AuditPage')) }, '400': ref('responses', 'BadRequest') },
      }),
    },
    '/workspace': {
      get: guarded(READERS, {
        operationId: 'getWorkspace',
        tags: ['workspace'],
        summary: 'The workspace of the credential, and its role',
        responses: { '200': { description: 'The workspace.', content: jsonContent(schemaRef('Workspace')) } },
      }),
      patch: guarded(ADMINS, {
        operationId: 'patchWorkspace',
        tags: ['workspace'],
        summary: "Rename the workspace or change its settings",
        requestBody: {
          required: true,
          content: { 'application/merge-patch+json': { schema: schemaRef('WorkspacePatch') }, 'application/json': { schema: schemaRef('WorkspacePatch') } },
        },
        responses: {
          '200': { description: 'Changed (id, name and settings).', content: jsonContent(schemaRef('Workspace')) },
          '400': ref('responses', 'BadRequest'),
          '413': ref('responses', 'PayloadTooLarge'),
          '415': ref('responses', 'UnsupportedMediaType'),
          '422': ref('responses', 'ValidationError'),
        },
      }),
    },
  };
}

/** The admin API: the operator's workspaces, and the keys of a workspace. */
function adminPaths(): Obj {
  const operatorOnly = [{ adminToken: [] }];
  const keyManagers = [{ adminToken: [] }, { apiKey: [] }, { accessToken: [] }];
  const keyManagerRoles = 'the operator (ADMIN_TOKEN) for any workspace; an admin of the workspace for its own (any other workspace is 404 to it)';
  const limited = false;
  return {
    '/admin/workspaces': {
      post: guarded('the operator (ADMIN_TOKEN)', {
        operationId: 'createWorkspace',
        tags: ['admin'],
        summary: 'Create a workspace',
        requestBody: { required: true, content: jsonContent(schemaRef('WorkspaceCreate')) },
        responses: {
          '201': { description: 'Created.', content: jsonContent(schemaRef('AdminWorkspace')) },
          '400': ref('responses', 'BadRequest'),
          '413': ref('responses', 'PayloadTooLarge'),
          '415': ref('responses', 'UnsupportedMediaType'),
          '422': ref('responses', 'ValidationError'),
        },
      }, { limited, security: operatorOnly }),
      get: guarded('the operator (ADMIN_TOKEN)', {
        operationId: 'listWorkspaces',
        tags: ['admin'],
        summary: 'List every workspace',
        responses: { '200': { description: 'The workspaces.', content: jsonContent(schemaRef('AdminWorkspaceList')) } },
      }, { limited, security: operatorOnly }),
    },
    '/admin/workspaces/{workspaceId}/keys': {
      parameters: [ref('parameters', 'WorkspaceId')],
      post: guarded(keyManagerRoles, {
        operationId: 'createApiKey',
        tags: ['admin'],
        summary: 'Create an API key; the answer is the only place the key appears in full',
        requestBody: { required: true, content: jsonContent(schemaRef('ApiKeyCreate')) },
        responses: {
          '201': { description: 'Created: store `key` now.', headers: { 'Cache-Control': ref('headers', 'NoStore') }, content: jsonContent(schemaRef('CreatedApiKey')) },
          '400': ref('responses', 'BadRequest'),
          '404': ref('responses', 'NotFound'),
          '413': ref('responses', 'PayloadTooLarge'),
          '415': ref('responses', 'UnsupportedMediaType'),
          '422': ref('responses', 'ValidationError'),
        },
      }, { limited, security: keyManagers }),
      get: guarded(keyManagerRoles, {
        operationId: 'listApiKeys',
        tags: ['admin'],
        summary: "List a workspace's keys (never their secrets)",
        responses: { '200': { description: 'The keys.', content: jsonContent(schemaRef('ApiKeyList')) }, '404': ref('responses', 'NotFound') },
      }, { limited, security: keyManagers }),
    },
    '/admin/workspaces/{workspaceId}/keys/{keyId}': {
      parameters: [ref('parameters', 'WorkspaceId'), ref('parameters', 'KeyId')],
      delete: guarded(keyManagerRoles, {
        operationId: 'revokeApiKey',
        tags: ['admin'],
        summary: 'Revoke a key: refused from the next request on, on every server instance',
        responses: { '204': { description: 'Revoked.' }, '404': ref('responses', 'NotFound') },
      }, { limited, security: keyManagers }),
    },
  };
}

function build(): Obj {
  const filters: Record<string, Obj> = {};
  for (const f of ['pipelineId', 'stageId', 'status', 'leadId', 'dealId']) {
    filters[`Filter_${f}`] = queryParam(f, `Only records whose \`${f}\` equals this value.`, { type: 'string', maxLength: 200 });
  }
  let paths: Obj = {};
  for (const collection of COLLECTIONS) paths = { ...paths, ...collectionPaths(collection) };
  return {
    openapi: '3.1.0',
    info: {
      title: 'l2c-elements reference server',
      version: '1.0.0',
      description: [
        'The REST contract of the l2c-elements reference server (README.md, "The REST contract"). JSON in and out; errors are RFC 9457 problem details whose `errors` name each field. Records carry an ETag (their version); writes honour If-Match and Idempotency-Key (kept at least 24 hours, per workspace and credential).',
        'Every record belongs to one workspace: a credential sees and changes its own workspace only, and another workspace\'s records are 404 to it, never 403.',
        'Every operation but `/`, `/health` and `/openapi.json` needs `Authorization: Bearer <credential>`: an API key of a workspace (role form, viewer, member or admin), an OpenID Connect access token whose claims name the workspace and the role, or, for the admin API only, the operator\'s ADMIN_TOKEN. Checked in this order: the credential (401, whatever the route), the role (403), the rate limit (429), then the request itself.',
      ].join('\n\n'),
      license: { name: 'MIT', identifier: 'MIT' },
    },
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    tags: [...COLLECTIONS.map((c) => ({ name: c })), { name: 'workspace' }, { name: 'admin' }, { name: 'server' }],
    security: [{ apiKey: [] }, { accessToken: [] }],
    paths: {
      '/': {
        get: {
          operationId: 'index',
          tags: ['server'],
          summary: 'What this server is',
          security: [],
          responses: { '200': { description: 'Names and links.', content: jsonContent(schemaRef('ServerIndex')) } },
        },
      },
      '/health': {
        get: {
          operationId: 'health',
          tags: ['server'],
          summary: 'Whether the server and its database answer',
          security: [],
          responses: { '200': { description: 'Up.', content: jsonContent(schemaRef('Health')) }, '500': ref('responses', 'InternalError') },
        },
      },
      '/openapi.json': {
        get: {
          operationId: 'openapi',
          tags: ['server'],
          summary: 'This document',
          security: [],
          responses: { '200': { description: 'The OpenAPI document.', content: jsonContent({ type: 'object' }) } },
        },
      },
      ...paths,
      ...workspacePaths(),
      ...adminPaths(),
    },
    components: {
      schemas: componentSchemas(),
      securitySchemes: {
        apiKey: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'l2c API key',
          description:
            'An API key of a workspace, made through POST /admin/workspaces/{workspaceId}/keys and shown once: `l2c_pk_…` for the form role (publishable: it may sit in a web page, and can only create leads and their page views and visits), `l2c_sk_…` for viewer, member and admin (secret). Stored as a hash; revocable; its last use is recorded.',
        },
        accessToken: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description:
            'An OpenID Connect / OAuth 2 access token from the issuer the server is configured to trust (OIDC_ISSUER; keys from its discovery document or OIDC_JWKS_FILE), for its audience (OIDC_AUDIENCE). The workspace comes from a claim (`l2c_workspace` unless OIDC_WORKSPACE_CLAIM says otherwise) and the role from another (`l2c_role`, or OIDC_ROLE_CLAIM, a string or a list mapped by OIDC_ROLE_MAP; the highest role wins). Writes record `user:<sub>`.',
        },
        adminToken: {
          type: 'http',
          scheme: 'bearer',
          description: "The operator's ADMIN_TOKEN (server environment): the admin API only, to create workspaces and manage any workspace's keys. It reads and writes no records.",
        },
      },
      parameters: {
        Id: { name: 'id', in: 'path', required: true, description: 'The record id.', schema: { type: 'string', minLength: 1, maxLength: 200 } },
        WorkspaceId: pathParam('workspaceId', 'A workspace id (as POST /admin/workspaces answered).'),
        KeyId: pathParam('keyId', 'A key id (the `id` of a key, also the part of the key after `l2c_sk_` / `l2c_pk_`).'),
        Since: queryParam('since', 'The `syncToken` of an earlier last page: only records written after it, deleted ones as tombstones (an incremental sync).', { type: 'string' }),
        Deleted: queryParam('deleted', '`true`: list deleted records too, as tombstones.', { type: 'boolean', default: false }),
        Spam: queryParam('spam', '`true`: only leads flagged as suspected spam; `false` (the default): none of them.', { type: 'boolean', default: false }),
        AuditSince: queryParam('since', 'ISO 8601 instant: only entries made at or after it.', { type: 'string', format: 'date-time' }),
        LastEventIdHeader: headerParam('Last-Event-ID', 'The `id` of the last event received: the stream resumes after it (EventSource sends it when reconnecting).'),
        LastEventIdQuery: queryParam('lastEventId', 'The same as Last-Event-ID, for clients that cannot set headers on an EventSource.', { type: 'string' }),
        IdempotencyKey: headerParam('Idempotency-Key', 'Any unique string up to 255 visible ASCII characters (a UUID): a retry with the same key replays the first response.'),
        IdempotencyKeyRequired: headerParam('Idempotency-Key', 'Required on POST /leads: a UUID per submission, reused for its retries.', true),
        IfMatch: headerParam('If-Match', 'The ETag the change is based on; a stale one is 412 with the current record.'),
        IfNoneMatch: headerParam('If-None-Match', 'An ETag the client has; a match is 304.'),
        IfNoneMatchWrite: headerParam('If-None-Match', '`*`: create only; 412 when the record exists.'),
        UpdatedSince: queryParam('updatedSince', 'ISO 8601 instant: only records written at or after it, deleted ones as tombstones.', { type: 'string' }),
        Cursor: queryParam('cursor', 'The `nextCursor` of the previous page.', { type: 'string' }),
        Limit: queryParam('limit', `Page size, 1..${MAX_PAGE_LIMIT}.`, { type: 'integer', minimum: 1, maximum: MAX_PAGE_LIMIT, default: DEFAULT_PAGE_LIMIT }),
        ...filters,
      },
      headers: {
        ETag: { description: 'The record version as a strong entity tag, such as "3".', schema: { type: 'string' } },
        Location: { description: 'The URL path of the created record.', schema: { type: 'string' } },
        RetryAfter: { description: 'Seconds to wait before retrying.', schema: { type: 'integer', minimum: 1 } },
        IdempotentReplayed: { description: '`true` when this is the stored response of an earlier request with the same Idempotency-Key.', schema: { type: 'string', enum: ['true'] } },
        WwwAuthenticate: { description: '`Bearer`.', schema: { type: 'string' } },
        NoStore: { description: '`no-store`: the answer holds a secret.', schema: { type: 'string' } },
      },
      responses: {
        BadRequest: problemResponse('Malformed JSON, an invalid query parameter or header (named in `errors`).'),
        NotFound: problemResponse('No such collection or record (or it was deleted).'),
        Conflict: problemResponse('The id is taken, or the Idempotency-Key was used for a different request.'),
        PreconditionFailed: problemResponse('If-Match is stale (the body has `current` and `currentEtag`) or If-None-Match matched.', 'PreconditionFailedProblem', {
          ETag: ref('headers', 'ETag'),
        }),
        PayloadTooLarge: problemResponse('The body is larger than the limit.'),
        UnsupportedMediaType: problemResponse('The body is not JSON.'),
        ValidationError: problemResponse('The record is not valid; `errors` lists each field by path, such as `stages[2].probability`.'),
        Unauthorized: problemResponse(
          'No credential, or one the server does not accept: a malformed, unknown or revoked API key, or an access token that is expired, signed by another key, from another issuer or for another audience, or lacks the workspace or role claim. `detail` says which. Sent before anything else about the request is looked at.',
          'Problem',
          { 'WWW-Authenticate': ref('headers', 'WwwAuthenticate') },
        ),
        Forbidden: problemResponse('The credential is valid but its role may not do this (a form key reading, a viewer writing, a member changing pipelines, a form key from an origin it is not for, the operator token on records). `detail` says which role is needed.'),
        RateLimited: problemResponse(
          'Too many requests: a form key per client address (RATE_LIMIT_LEADS a minute, RATE_LIMIT_LEADS_BURST at once), any other key or user per key (RATE_LIMIT_KEYS a minute); retry after Retry-After seconds. Replays of an Idempotency-Key count too.',
          'Problem',
          { 'Retry-After': ref('headers', 'RetryAfter') },
        ),
        ServiceUnavailable: problemResponse("The identity provider's keys could not be loaded to check an access token; retry after Retry-After seconds (API keys still work).", 'Problem', {
          'Retry-After': ref('headers', 'RetryAfter'),
        }),
        InternalError: problemResponse('The server failed.'),
      },
    },
    'x-problem-types': Object.fromEntries(Object.entries(PROBLEM_TYPES).map(([slug, [status, title]]) => [PROBLEM_BASE + slug, { status, title }])),
  };
}

let cached: Obj | undefined;

/** The document (built once). */
export function openApiDocument(): Obj {
  cached ??= build();
  return cached;
}
