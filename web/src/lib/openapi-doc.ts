/**
 * The API reference page's reading of the served OpenAPI document (issue 13, point 7): every
 * operation grouped by tag, with its parameters, body and answers as flat rows of fields, what
 * it needs to sign in, and a curl example. Pure: the document comes from
 * GET /api/v1/openapi.json at run time, so the page never lags the server.
 */

/** The few parts of an OpenAPI 3.1 document the page reads (the document itself is not typed). */
export interface SchemaObject {
  $ref?: string;
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  items?: SchemaObject;
  properties?: Record<string, SchemaObject>;
  additionalProperties?: boolean | SchemaObject;
  required?: string[];
  oneOf?: SchemaObject[];
  anyOf?: SchemaObject[];
  allOf?: SchemaObject[];
  description?: string;
  example?: unknown;
  default?: unknown;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  const?: unknown;
}
interface ParameterObject {
  $ref?: string;
  name: string;
  in: 'query' | 'path' | 'header' | 'cookie';
  required?: boolean;
  description?: string;
  schema?: SchemaObject;
}
interface MediaObject {
  schema?: SchemaObject;
}
interface OperationObject {
  tags?: string[];
  summary?: string;
  description?: string;
  operationId?: string;
  parameters?: ParameterObject[];
  requestBody?: { required?: boolean; description?: string; content?: Record<string, MediaObject> };
  responses?: Record<string, { description?: string; content?: Record<string, MediaObject> }>;
  security?: Array<Record<string, unknown>>;
}
export interface OpenApiDocument {
  openapi?: string;
  info?: { title?: string; version?: string; description?: string };
  servers?: Array<{ url: string }>;
  security?: Array<Record<string, unknown>>;
  paths?: Record<string, Record<string, OperationObject>>;
  components?: {
    schemas?: Record<string, SchemaObject>;
    parameters?: Record<string, ParameterObject>;
    securitySchemes?: Record<
      string,
      { type: string; scheme?: string; in?: string; name?: string; description?: string }
    >;
  };
}

/** One field of a schema, flattened for a table: `depth` 0 is a top-level property. */
export interface FieldRow {
  name: string;
  depth: number;
  type: string;
  required: boolean;
  description: string;
}

export interface ParameterRow {
  name: string;
  in: string;
  required: boolean;
  type: string;
  description: string;
}

export interface ResponseRow {
  status: string;
  description: string;
  /** The schema's name ("Trip", "array of Trip"), or empty when the answer has no body. */
  type: string;
  contentType: string | null;
}

export interface OperationView {
  /** Stable anchor-friendly id: `post-trips`, `get-partners-id-leaderboard`. */
  id: string;
  method: string;
  /** The full path as a client calls it (`/api/v1/trips`). */
  path: string;
  summary: string;
  description: string;
  parameters: ParameterRow[];
  body: { contentType: string; required: boolean; type: string; fields: FieldRow[] } | null;
  responses: ResponseRow[];
  /** Names of the security schemes that sign a caller in; empty: open to anyone. */
  auth: string[];
  curl: string;
}

export interface TagGroup {
  tag: string;
  operations: OperationView[];
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;
/** Nested objects are shown this deep; deeper ones are named, not expanded (bounded page). */
const MAX_DEPTH = 3;

function refName(ref: string): string {
  return ref.slice(ref.lastIndexOf('/') + 1);
}

/** The schema a `$ref` points at (components only); the schema itself otherwise. */
export function resolveSchema(
  doc: OpenApiDocument,
  schema: SchemaObject | undefined,
): SchemaObject {
  if (!schema) return {};
  if (schema.$ref) return doc.components?.schemas?.[refName(schema.$ref)] ?? {};
  return schema;
}

/** A short type for a schema: `string (date-time)`, `array of LegInput`, `"a" | "b"`. */
export function typeOf(doc: OpenApiDocument, schema: SchemaObject | undefined): string {
  if (!schema) return '';
  if (schema.$ref) return refName(schema.$ref);
  if (schema.enum) {
    const values = schema.enum.map((v) => (v === null ? 'null' : JSON.stringify(v)));
    return values.length > 12 ? `${values.slice(0, 12).join(' | ')} | …` : values.join(' | ');
  }
  if (schema.const !== undefined) return JSON.stringify(schema.const);
  const union = schema.oneOf ?? schema.anyOf;
  if (union) return union.map((s) => typeOf(doc, s)).join(' | ');
  if (schema.allOf) return schema.allOf.map((s) => typeOf(doc, s)).join(' & ');
  const types = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
  const named = types.map((t) => {
    if (t === 'array') return `array of ${typeOf(doc, schema.items) || 'any'}`;
    if (t === 'object' && !schema.properties && typeof schema.additionalProperties === 'object')
      return `map of ${typeOf(doc, schema.additionalProperties)}`;
    return schema.format && t !== 'null' ? `${t} (${schema.format})` : t;
  });
  return named.join(' | ') || 'any';
}

/** Limits worth a reader's eye: lengths, ranges, item counts. */
function limitsOf(schema: SchemaObject): string {
  const parts: string[] = [];
  if (schema.minimum !== undefined) parts.push(`≥ ${schema.minimum}`);
  if (schema.maximum !== undefined) parts.push(`≤ ${schema.maximum}`);
  if (schema.minLength !== undefined && schema.minLength > 0)
    parts.push(`min length ${schema.minLength}`);
  if (schema.maxLength !== undefined) parts.push(`max length ${schema.maxLength}`);
  if (schema.minItems !== undefined && schema.minItems > 0)
    parts.push(`min ${schema.minItems} items`);
  if (schema.maxItems !== undefined) parts.push(`max ${schema.maxItems} items`);
  if (schema.default !== undefined) parts.push(`default ${JSON.stringify(schema.default)}`);
  return parts.join(', ');
}

/** The object a schema describes, looking through refs, arrays and a nullable union. */
function objectOf(doc: OpenApiDocument, schema: SchemaObject | undefined): SchemaObject | null {
  let s = resolveSchema(doc, schema);
  for (let i = 0; i < 4; i++) {
    if (s.properties) return s;
    if (s.items) s = resolveSchema(doc, s.items);
    else if (s.allOf?.length === 1) s = resolveSchema(doc, s.allOf[0]);
    else {
      const union = (s.oneOf ?? s.anyOf)?.filter((x) => x.type !== 'null');
      if (union?.length === 1) s = resolveSchema(doc, union[0]);
      else return null;
    }
  }
  return null;
}

/** The fields of a schema as table rows, nested objects indented; refs followed, cycles not. */
export function fieldsOf(
  doc: OpenApiDocument,
  schema: SchemaObject | undefined,
  depth = 0,
  seen: ReadonlySet<string> = new Set(),
): FieldRow[] {
  const ref = schema?.$ref ?? resolveSchema(doc, schema).items?.$ref;
  if (ref && seen.has(ref)) return [];
  const nextSeen = ref ? new Set([...seen, ref]) : seen;
  const obj = objectOf(doc, schema);
  if (!obj?.properties) return [];
  const rows: FieldRow[] = [];
  for (const [name, prop] of Object.entries(obj.properties)) {
    const resolved = resolveSchema(doc, prop);
    const limits = limitsOf(resolved);
    const description = [prop.description ?? resolved.description ?? '', limits]
      .filter(Boolean)
      .join(' · ');
    rows.push({
      name,
      depth,
      type: typeOf(doc, prop),
      required: obj.required?.includes(name) ?? false,
      description,
    });
    if (depth + 1 < MAX_DEPTH) rows.push(...fieldsOf(doc, prop, depth + 1, nextSeen));
  }
  return rows;
}

/** A value that fits a schema, from its example, default or type: for the curl example. */
export function exampleOf(
  doc: OpenApiDocument,
  schema: SchemaObject | undefined,
  depth = 0,
): unknown {
  const s = resolveSchema(doc, schema);
  if (s.example !== undefined) return s.example;
  if (s.default !== undefined) return s.default;
  if (s.const !== undefined) return s.const;
  if (s.enum) return s.enum.find((v) => v !== null) ?? null;
  const union = (s.oneOf ?? s.anyOf)?.filter((x) => x.type !== 'null');
  if (union?.length) return exampleOf(doc, union[0], depth);
  const type = (Array.isArray(s.type) ? s.type.find((t) => t !== 'null') : s.type) ?? 'object';
  if (depth > 4) return null;
  switch (type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const name of s.required ?? []) {
        const prop = s.properties?.[name];
        if (prop) out[name] = exampleOf(doc, prop, depth + 1);
      }
      return out;
    }
    case 'array':
      return [exampleOf(doc, s.items, depth + 1)];
    case 'integer':
    case 'number':
      return s.minimum ?? 1;
    case 'boolean':
      return true;
    default:
      return s.format === 'date'
        ? '2011-09-01'
        : s.format === 'date-time'
          ? '2011-09-01T07:30:00+02:00'
          : 'string';
  }
}

function parameterOf(doc: OpenApiDocument, p: ParameterObject): ParameterObject {
  return p.$ref ? (doc.components?.parameters?.[refName(p.$ref)] ?? p) : p;
}

/** A curl command for an operation, with the required parameters and body filled in. */
export function curlOf(
  doc: OpenApiDocument,
  method: string,
  fullPath: string,
  op: OperationObject,
  origin: string,
  signedIn: boolean,
): string {
  const params = (op.parameters ?? []).map((p) => parameterOf(doc, p));
  let path = fullPath;
  for (const p of params.filter((x) => x.in === 'path')) {
    const value = String(exampleOf(doc, p.schema) ?? p.name);
    path = path.replace(
      `{${p.name}}`,
      encodeURIComponent(value === 'string' ? p.name.toUpperCase() : value),
    );
  }
  const query = new URLSearchParams();
  for (const p of params.filter((x) => x.in === 'query' && x.required))
    query.set(p.name, String(exampleOf(doc, p.schema)));
  const qs = query.toString();
  const lines = [`curl -X ${method.toUpperCase()} '${origin}${path}${qs ? `?${qs}` : ''}'`];
  if (signedIn) lines.push(`-H 'Authorization: Bearer $TOKEN'`);
  const json = op.requestBody?.content?.['application/json'];
  const multipart = op.requestBody?.content?.['multipart/form-data'];
  if (json) {
    lines.push(`-H 'Content-Type: application/json'`);
    lines.push(`-d '${JSON.stringify(exampleOf(doc, json.schema)).replace(/'/g, "'\\''")}'`);
  } else if (multipart) {
    const fields = resolveSchema(doc, multipart.schema).properties ?? {};
    for (const name of Object.keys(fields)) lines.push(`-F '${name}=@FILE'`);
  }
  return lines.join(' \\\n  ');
}

function slug(method: string, path: string): string {
  return `${method}-${path}`
    .toLowerCase()
    .replace(/[{}]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

/**
 * Every operation of the document grouped by its first tag, tags in the order they first
 * appear, operations in document order. `origin`: where the curl examples point.
 */
export function groupOperations(doc: OpenApiDocument, origin: string): TagGroup[] {
  const base = (doc.servers?.[0]?.url ?? '').replace(/\/$/, '');
  const groups = new Map<string, OperationView[]>();
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const fullPath = `${base}${path}`;
      // `security: []` marks an open operation (login, join); otherwise one that can answer 401
      // needs a caller, signed in by the document's schemes.
      const security = op.security ?? doc.security ?? [];
      const needsSignIn = op.responses?.['401'] !== undefined && security.length > 0;
      const auth = needsSignIn ? security.flatMap((s) => Object.keys(s)) : [];
      const parameters = (op.parameters ?? []).map((raw) => {
        const p = parameterOf(doc, raw);
        const schema = resolveSchema(doc, p.schema);
        return {
          name: p.name,
          in: p.in,
          required: p.required ?? false,
          type: typeOf(doc, p.schema),
          description: [p.description ?? schema.description ?? '', limitsOf(schema)]
            .filter(Boolean)
            .join(' · '),
        };
      });
      const content = op.requestBody?.content ?? {};
      const [contentType, media] = Object.entries(content)[0] ?? [null, null];
      const body =
        contentType && media
          ? {
              contentType,
              required: op.requestBody?.required ?? false,
              type: typeOf(doc, media.schema),
              fields: fieldsOf(doc, media.schema),
            }
          : null;
      const responses = Object.entries(op.responses ?? {}).map(([status, r]) => {
        const [ct, m] = Object.entries(r.content ?? {})[0] ?? [null, null];
        return {
          status,
          description: r.description ?? '',
          type: m ? typeOf(doc, m.schema) : '',
          contentType: ct,
        };
      });
      const tag = op.tags?.[0] ?? 'other';
      if (!groups.has(tag)) groups.set(tag, []);
      groups.get(tag)!.push({
        id: slug(method, path),
        method: method.toUpperCase(),
        path: fullPath,
        summary: op.summary ?? '',
        description: op.description ?? '',
        parameters,
        body,
        responses,
        auth,
        curl: curlOf(doc, method, fullPath, op, origin, needsSignIn),
      });
    }
  }
  return [...groups].map(([tag, operations]) => ({ tag, operations }));
}
