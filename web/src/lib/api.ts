// The HTTP API client: same-origin cookies, the CSRF token on every state-changing request, problem+json errors.
import type { Session } from '../../../src/contract/session.ts';

let csrfToken: string | null = null;
const unauthorizedListeners = new Set<() => void>();

export class ApiError extends Error {
  readonly status: number;
  readonly title: string;
  constructor(status: number, title: string, detail: string) {
    super(detail);
    this.name = 'ApiError';
    this.status = status;
    this.title = title;
  }
}

/** Called when any request answers 401: the session ended (signed out elsewhere, expired). */
export function onUnauthorized(listener: () => void): () => void {
  unauthorizedListeners.add(listener);
  return () => unauthorizedListeners.delete(listener);
}

async function problem(response: Response): Promise<ApiError> {
  const body = (await response.json().catch(() => null)) as { title?: string; detail?: string } | null;
  const title = body?.title ?? response.statusText;
  const detail = body?.detail ?? body?.title ?? `The server answered ${response.status} ${response.statusText}.`;
  return new ApiError(response.status, title, detail);
}

export async function request<T>(
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  path: string,
  body?: unknown,
  signal?: AbortSignal,
): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  const response = await fetch(path, {
    method,
    headers,
    credentials: 'same-origin',
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    ...(signal ? { signal } : {}),
  });
  if (!response.ok) {
    const error = await problem(response);
    if (response.status === 401 && path !== '/api/v1/session') for (const listener of unauthorizedListeners) listener();
    throw error;
  }
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

export const get = <T>(path: string, signal?: AbortSignal) => request<T>('GET', path, undefined, signal);

export async function signIn(email: string, password: string): Promise<Session> {
  const session = await request<Session>('POST', '/api/v1/session', { email, password });
  csrfToken = session.csrfToken;
  return session;
}

/** The current session, or null when signed out. */
export async function currentSession(): Promise<Session | null> {
  try {
    const session = await request<Session>('GET', '/api/v1/session');
    csrfToken = session.csrfToken;
    return session;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return null;
    throw error;
  }
}

export async function signOut(): Promise<void> {
  await request<undefined>('DELETE', '/api/v1/session').catch(() => undefined);
  csrfToken = null;
}

/** Uploads a file as multipart/form-data (field "file"), with the CSRF token. */
export async function upload<T>(path: string, file: File): Promise<T> {
  const form = new FormData();
  form.append('file', file, file.name);
  const headers: Record<string, string> = { accept: 'application/json' };
  if (csrfToken) headers['x-csrf-token'] = csrfToken;
  const response = await fetch(path, { method: 'POST', headers, credentials: 'same-origin', body: form });
  if (!response.ok) {
    const error = await problem(response);
    if (response.status === 401) for (const listener of unauthorizedListeners) listener();
    throw error;
  }
  return (await response.json()) as T;
}
