/**
 * The OpenAPI 3.1 document served at `/openapi.json`. Schemas are generated from the zod schemas
 * in schemas.ts (never written twice); paths, parameters and responses are assembled here.
 */
import { z } from 'zod';
import { DEFAULT_PAGE_LIMIT, MAX_PAGE_LIMIT } from './limits.js';
import { PROBLEM_BASE, PROBLEM_TYPES } from './problem.js';
import {
  COLLECTIONS,
  FieldErrorSchema,
  Health,
  PreconditionFailedProblem,
  Problem,
  RECORD_SCHEMAS,
  Stage,
  Tombstone,
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
  for (const collection of COLLECTIONS) {
    const { name, record, write } = RECORD_SCHEMAS[collection];
    records.add(record, { id: name });
    writes.add(write, { id: `${name}Write` });
    const page = z
      .object({
        items: z.array(z.union([record, Tombstone])).meta({ description: 'Records in write order; tombstones only when updatedSince is given.' }),
        nextCursor: z.string().nullable().meta({ description: 'Pass as `cursor` for the next page; null at the end.' }),
        etags: z.record(z.string(), z.string()).meta({ description: 'The ETag of each listed (not deleted) record, by id.' }),
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
  return {
    [`/${collection}`]: {
      get: {
        operationId: `list${name}s`,
        tags: tag,
        summary: `List ${collection} in write order, page by page`,
        description:
          'Without `updatedSince`, deleted records are left out. With it, records written at or after that instant are listed, deleted ones as tombstones, so a client can sync. Records changed while paging appear again later, with their new version.',
        parameters: [
          ref('parameters', 'UpdatedSince'),
          ref('parameters', 'Cursor'),
          ref('parameters', 'Limit'),
          ...['pipelineId', 'stageId', 'status', 'leadId', 'dealId'].map((f) => ref('parameters', `Filter_${f}`)),
        ],
        responses: {
          '200': { description: `A page of ${collection}.`, content: jsonContent(schemaRef(`${name}Page`)) },
          '400': ref('responses', 'BadRequest'),
          '404': ref('responses', 'NotFound'),
        },
      },
      post: {
        operationId: `create${name}`,
        tags: tag,
        summary: `Create a ${name.toLowerCase()}`,
        description: [
          'Without `id` the server assigns a UUID. `createdAt` is kept when it is a valid ISO date, else set to now; `updatedAt` is always now. Fields starting with `_` are never stored.',
          isLeads
            ? 'Spam checks: when `_hp` (the honeypot) is not empty or `_elapsedMs` (form render to submit) is below the minimum fill time, the answer is a normal-looking 201 but nothing is stored. Rate limited per client.'
            : '',
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
          ...(isLeads ? { '429': ref('responses', 'RateLimited') } : {}),
        },
      },
    },
    [`/${collection}/{id}`]: {
      parameters: [ref('parameters', 'Id')],
      get: {
        operationId: `get${name}`,
        tags: tag,
        summary: `Read a ${name.toLowerCase()}`,
        parameters: [ref('parameters', 'IfNoneMatch')],
        responses: {
          '200': { description: 'The record.', headers: { ETag: ref('headers', 'ETag') }, content: jsonContent(schemaRef(name)) },
          '304': { description: 'Not modified (If-None-Match matched).', headers: { ETag: ref('headers', 'ETag') } },
          '404': ref('responses', 'NotFound'),
        },
      },
      put: {
        operationId: `put${name}`,
        tags: tag,
        summary: `Create or replace a ${name.toLowerCase()} (upsert)`,
        description:
          'Replaces the whole record, or creates it (a deleted record comes back). `If-Match` must match the current ETag when given; `If-None-Match: *` creates only. The body `id`, when given, must equal the URL id.',
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
      },
      patch: {
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
      },
      delete: {
        operationId: `delete${name}`,
        tags: tag,
        summary: `Delete a ${name.toLowerCase()} (soft: kept as a tombstone for sync)`,
        parameters: [ref('parameters', 'IfMatch'), ref('parameters', 'IdempotencyKey')],
        responses: {
          '204': { description: 'Deleted.', headers: { 'Idempotent-Replayed': ref('headers', 'IdempotentReplayed') } },
          '404': ref('responses', 'NotFound'),
          '409': ref('responses', 'Conflict'),
          '412': ref('responses', 'PreconditionFailed'),
        },
      },
    },
  };
}

function queryParam(name: string, description: string, schema: Obj): Obj {
  return { name, in: 'query', required: false, description, schema };
}

function headerParam(name: string, description: string, required = false): Obj {
  return { name, in: 'header', required, description, schema: { type: 'string' } };
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
      description:
        'The REST contract of DESIGN.md section 5. JSON in and out; errors are RFC 9457 problem details whose `errors` name each field. Records carry an ETag (their version); writes honour If-Match and Idempotency-Key (kept at least 24 hours).',
      license: { name: 'MIT', identifier: 'MIT' },
    },
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    tags: COLLECTIONS.map((c) => ({ name: c })),
    paths: {
      '/health': {
        get: {
          operationId: 'health',
          summary: 'Whether the server and its database answer',
          responses: { '200': { description: 'Up.', content: jsonContent(schemaRef('Health')) }, '500': ref('responses', 'InternalError') },
        },
      },
      '/openapi.json': {
        get: {
          operationId: 'openapi',
          summary: 'This document',
          responses: { '200': { description: 'The OpenAPI document.', content: jsonContent({ type: 'object' }) } },
        },
      },
      ...paths,
    },
    components: {
      schemas: componentSchemas(),
      parameters: {
        Id: { name: 'id', in: 'path', required: true, description: 'The record id.', schema: { type: 'string', minLength: 1, maxLength: 200 } },
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
        RateLimited: problemResponse('Too many requests from this client; retry after Retry-After seconds.', 'Problem', {
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
