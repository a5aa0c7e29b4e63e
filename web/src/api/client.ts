/**
 * The one way the dashboard talks to the server: same-origin fetch with the session cookie,
 * the CSRF header on writes, the error envelope turned into an ApiError, and GET answers kept
 * for the session so that moving between views does not ask twice.
 */
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

function readCookie(name: string): string | null {
  for (const part of document.cookie.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return decodeURIComponent(v.join('='));
  }
  return null;
}

export type Query = Record<string, string | number | null | undefined>;

export function apiUrl(path: string, query: Query = {}): string {
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') search.set(k, String(v));
  const qs = search.toString();
  return `${BASE}${path}${qs ? `?${qs}` : ''}`;
}

async function request<T>(method: string, url: string, body?: unknown, accept = 'application/json'): Promise<T> {
  const headers: Record<string, string> = { accept };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET') {
    const csrf = readCookie('ms_csrf');
    if (csrf) headers['x-csrf-token'] = csrf;
  }
  let res: Response;
  try {
    res = await fetch(url, { method, headers, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body) });
  } catch {
    throw new ApiError(0, 'network', 'The server could not be reached.');
  }
  if (res.status === 204) return undefined as T;
  const type = res.headers.get('content-type') ?? '';
  if (!res.ok) {
    let code = 'http_' + res.status;
    let message = res.statusText || 'Request failed';
    let details: unknown;
    if (type.includes('json')) {
      const env = (await res.json().catch(() => null)) as { error?: { code?: string; message?: string; details?: unknown } } | null;
      if (env?.error) {
        code = env.error.code ?? code;
        message = env.error.message ?? message;
        details = env.error.details;
      }
    }
    if (res.status === 401 && !url.endsWith('/auth/login') && !url.endsWith('/auth/me')) onUnauthenticated?.();
    throw new ApiError(res.status, code, message, details);
  }
  return (type.includes('json') ? res.json() : res.text()) as Promise<T>;
}

/** GET with a per-session cache; a failed answer is not kept. */
export function get<T>(path: string, query: Query = {}, options: { fresh?: boolean; accept?: string } = {}): Promise<T> {
  const url = apiUrl(path, query);
  if (!options.fresh) {
    const hit = cache.get(url);
    if (hit) return hit as Promise<T>;
  }
  const p = request<T>('GET', url, undefined, options.accept);
  cache.set(url, p);
  p.catch(() => cache.delete(url));
  return p;
}

export function post<T>(path: string, body?: unknown): Promise<T> {
  return request<T>('POST', apiUrl(path), body);
}

export function patch<T>(path: string, body: unknown): Promise<T> {
  return request<T>('PATCH', apiUrl(path), body);
}

export function del(path: string): Promise<void> {
  return request<void>('DELETE', apiUrl(path));
}
