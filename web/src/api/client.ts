/**
 * The one way the dashboard talks to the server: an openapi-fetch client typed by the paths
 * generated from /api/v1/openapi.json (schema.d.ts), with same-origin fetch and the session
 * cookie, the CSRF header on writes, the error envelope turned into an ApiError, and GET answers
 * kept for the session so that moving between views does not ask twice. A path, parameter or
 * answer the server no longer has fails `npm run typecheck` of the web app.
 */
import createClient, {
  createFinalURL,
  defaultPathSerializer,
  type MaybeOptionalInit,
} from 'openapi-fetch';
import type { paths } from './schema.js';
import { touchesPartner } from '../lib/live-data.js';

export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

const BASE = '/api/v1';
const cache = new Map<string, Promise<unknown>>();
let onUnauthenticated: (() => void) | null = null;

/** Called when the session has ended (a 401 on a request that needed one). */
export function setUnauthenticatedHandler(handler: () => void): void {
  onUnauthenticated = handler;
}

export function clearCache(): void {
  cache.clear();
}

/**
 * Says that a partner's data changed (`network`: any partner's). Dispatched by the live-data
 * poller after it dropped the partner's cached answers; views listen and fetch again.
 */
export const dataChanges = new EventTarget();
export interface DataChangeDetail {
  partner: string;
}

/**
 * Drops every cached GET answer that may hold figures of `partner` (lib/live-data.ts), then tells
 * the views, so that a write shows without a reload (issue 13, point 6).
 */
export function dropPartnerAnswers(partner: string): void {
  for (const key of [...cache.keys()]) {
    // A text answer's key is its URL, a space and its Accept header.
    const url = key.split(' ')[0]!;
    if (touchesPartner(url, partner)) cache.delete(key);
  }
  dataChanges.dispatchEvent(new CustomEvent<DataChangeDetail>('change', { detail: { partner } }));
}

function readCookie(name: string): string | null {
  for (const part of document.cookie.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return decodeURIComponent(v.join('='));
  }
  return null;
}

/** Query strings as the views build them: empty, null and undefined values are left out. */
function serializeQuery(query: Record<string, unknown>): string {
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(query))
    if (v !== undefined && v !== null && v !== '') search.set(k, String(v));
  return search.toString();
}

const client = createClient<paths>({
  baseUrl: BASE,
  credentials: 'same-origin',
  querySerializer: serializeQuery,
  // Looked up at each call, not captured once, so that a test may replace fetch.
  fetch: (request) => globalThis.fetch(request),
});

client.use({
  onRequest({ request }) {
    if (!request.headers.has('accept')) request.headers.set('accept', 'application/json');
    if (request.method !== 'GET') {
      const csrf = readCookie('ms_csrf');
      if (csrf) request.headers.set('x-csrf-token', csrf);
    }
    return request;
  },
  onError() {
    return new ApiError(0, 'network', 'The server could not be reached.');
  },
});

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
/** Paths of the API that answer a method. */
export type PathWith<M extends Method> = {
  [P in keyof paths]: paths[P] extends Record<M, object> ? P : never;
}[keyof paths];
type Operation<P extends keyof paths, M extends Method> =
  paths[P] extends Record<M, infer O> ? O : never;
/** The query parameters of a GET path, for views that build them in one place. */
export type QueryOf<P extends PathWith<'get'>> =
  Operation<P, 'get'> extends { parameters: { query?: infer Q } } ? NonNullable<Q> : never;
/** The JSON body of an operation's 200 or 201 answer. */
type Answer<O> = O extends { responses: infer R }
  ? {
      [S in keyof R]: S extends 200 | 201
        ? R[S] extends { content: { 'application/json': infer B } }
          ? B
          : never
        : never;
    }[keyof R]
  : never;
/** openapi-fetch's request options of an operation: `params` (path, query) and `body`. */
type Init<P extends keyof paths, M extends Method> = NonNullable<MaybeOptionalInit<paths[P], M>>;
/** The options argument may be left out when nothing in it is required. */
type InitArg<P extends keyof paths, M extends Method, Extra = never> =
  object extends Init<P, M>
    ? [init?: Init<P, M>, extra?: Extra]
    : [init: Init<P, M>, extra?: Extra];

/** The session-cache key of a GET: its URL, as the server sees it. */
function urlOf(
  path: string,
  init:
    | { params?: { path?: Record<string, unknown>; query?: Record<string, unknown> } }
    | undefined,
): string {
  return createFinalURL(path, {
    baseUrl: BASE,
    params: init?.params ?? {},
    querySerializer: serializeQuery,
    pathSerializer: defaultPathSerializer,
  });
}

interface RawInit {
  params?: { path?: Record<string, unknown>; query?: Record<string, unknown> };
  body?: unknown;
  parseAs?: 'json' | 'text';
  headers?: Record<string, string>;
}
type Untyped = (
  method: Method,
  path: string,
  init: RawInit,
) => Promise<{ data?: unknown; error?: unknown; response: Response }>;

/** Every request goes through here: the helpers below are its typed faces. */
async function send(method: Method, path: string, init: RawInit = {}): Promise<unknown> {
  let result: Awaited<ReturnType<Untyped>>;
  try {
    result = await (client.request as unknown as Untyped)(method, path, init);
  } catch (err) {
    if (err instanceof ApiError) throw err;
    throw new ApiError(0, 'network', 'The server could not be reached.');
  }
  const { data, error, response } = result;
  if (response.ok) return data;
  let code = `http_${response.status}`;
  let message = response.statusText || 'Request failed';
  let details: unknown;
  const envelope =
    typeof error === 'object' && error !== null
      ? (error as { error?: { code?: string; message?: string; details?: unknown } }).error
      : undefined;
  if (envelope) {
    code = envelope.code ?? code;
    message = envelope.message ?? message;
    details = envelope.details;
  }
  if (response.status === 401 && path !== '/auth/login' && path !== '/auth/me')
    onUnauthenticated?.();
  throw new ApiError(response.status, code, message, details);
}

export interface GetOptions {
  /** Ask the server again instead of answering from the session cache. */
  fresh?: boolean;
}

function cached<T>(key: string, fresh: boolean | undefined, load: () => Promise<T>): Promise<T> {
  if (!fresh) {
    const hit = cache.get(key);
    if (hit) return hit as Promise<T>;
  }
  const p = load();
  cache.set(key, p);
  // A failed answer is not kept.
  p.catch(() => cache.delete(key));
  return p;
}

/** GET a JSON answer, with a per-session cache. */
export function get<P extends PathWith<'get'>>(
  path: P,
  ...[init, options]: InitArg<P, 'get', GetOptions>
): Promise<Answer<Operation<P, 'get'>>> {
  const raw = init as RawInit | undefined;
  return cached(
    urlOf(path, raw),
    options?.fresh,
    () => send('get', path, raw) as Promise<Answer<Operation<P, 'get'>>>,
  );
}

/** GET a text answer (the methodology's Markdown), with the same cache. */
export function getText(
  path: PathWith<'get'>,
  accept: string,
  options: GetOptions = {},
): Promise<string> {
  const url = urlOf(path, undefined);
  return cached(
    `${url} ${accept}`,
    options.fresh,
    () => send('get', path, { parseAs: 'text', headers: { accept } }) as Promise<string>,
  );
}

/** The ApiError of a failed raw answer, read from the error envelope when there is one. */
async function errorOf(res: Response): Promise<ApiError> {
  let envelope: { code?: string; message?: string; details?: unknown } | undefined;
  try {
    envelope = ((await res.json()) as { error?: typeof envelope }).error;
  } catch {
    // not JSON: the status alone tells
  }
  if (res.status === 401) onUnauthenticated?.();
  return new ApiError(
    res.status,
    envelope?.code ?? `http_${res.status}`,
    envelope?.message ?? (res.statusText || 'Request failed'),
    envelope?.details,
  );
}

/**
 * GETs a same-origin URL that the typed paths do not describe (the OpenAPI document itself, or a
 * report in a format other than JSON) with the session cookie; a failed answer becomes the
 * ApiError of its envelope, so views show it in their usual error state. Not cached.
 */
export async function fetchChecked(url: string, accept = 'application/json'): Promise<Response> {
  let res: Response;
  try {
    res = await globalThis.fetch(url, { credentials: 'same-origin', headers: { accept } });
  } catch {
    throw new ApiError(0, 'network', 'The server could not be reached.');
  }
  if (!res.ok) throw await errorOf(res);
  return res;
}

export function post<P extends PathWith<'post'>>(
  path: P,
  ...[init]: InitArg<P, 'post'>
): Promise<Answer<Operation<P, 'post'>>> {
  return send('post', path, init as RawInit | undefined) as Promise<Answer<Operation<P, 'post'>>>;
}

export function put<P extends PathWith<'put'>>(
  path: P,
  ...[init]: InitArg<P, 'put'>
): Promise<Answer<Operation<P, 'put'>>> {
  return send('put', path, init as RawInit | undefined) as Promise<Answer<Operation<P, 'put'>>>;
}

export function patch<P extends PathWith<'patch'>>(
  path: P,
  ...[init]: InitArg<P, 'patch'>
): Promise<Answer<Operation<P, 'patch'>>> {
  return send('patch', path, init as RawInit | undefined) as Promise<Answer<Operation<P, 'patch'>>>;
}

export async function del<P extends PathWith<'delete'>>(
  path: P,
  ...[init]: InitArg<P, 'delete'>
): Promise<void> {
  await send('delete', path, init as RawInit | undefined);
}

/**
 * POSTs a multipart form with upload progress (fetch reports none): XMLHttpRequest with the
 * same cookie, CSRF header and error envelope as every other request.
 */
export function upload<T>(
  path: PathWith<'post'>,
  form: FormData,
  onProgress: (sentBytes: number, totalBytes: number) => void,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `${BASE}${path}`);
    xhr.setRequestHeader('accept', 'application/json');
    const csrf = readCookie('ms_csrf');
    if (csrf) xhr.setRequestHeader('x-csrf-token', csrf);
    xhr.upload.addEventListener('progress', (e) => {
      if (e.lengthComputable) onProgress(e.loaded, e.total);
    });
    xhr.addEventListener('error', () =>
      reject(new ApiError(0, 'network', 'The server could not be reached.')),
    );
    xhr.addEventListener('load', () => {
      let body: unknown = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        // not JSON: the status alone tells
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        resolve(body as T);
        return;
      }
      const envelope = (body as { error?: { code?: string; message?: string; details?: unknown } })
        ?.error;
      if (xhr.status === 401) onUnauthenticated?.();
      reject(
        new ApiError(
          xhr.status,
          envelope?.code ?? `http_${xhr.status}`,
          envelope?.message ?? (xhr.statusText || 'Request failed'),
          envelope?.details,
        ),
      );
    });
    xhr.send(form);
  });
}
