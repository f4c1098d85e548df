// An in-process app on a fresh store with the dbt fixture loaded, a user per role and a key per scope.
import { buildApp } from '../../src/http/app.ts';
import type { App } from '../../src/http/types.ts';
import { createApiKey, SCOPES, type Scope } from '../../src/services/api-keys.ts';
import type { ServiceContext } from '../../src/services/context.ts';
import { importSubscriptions } from '../../src/services/import-subscriptions.ts';
import { createUser, ROLES, type Role } from '../../src/services/users.ts';
import type { Store } from '../../src/store/types.ts';
import { DBT_FIXTURE } from './import.ts';
import { testContext } from './store.ts';

export const PASSWORD = 'a long enough password';
export const emailOf = (role: Role) => `${role}@example.com`;

export interface TestApp {
  app: App;
  ctx: ServiceContext;
  keys: Record<Scope, string>;
  close(): Promise<void>;
}

export async function testApp(store: Store, { signInRateLimit }: { signInRateLimit?: number } = {}): Promise<TestApp> {
  const ctx = testContext(store);
  await importSubscriptions({ ctx, input: { path: DBT_FIXTURE } });
  for (const role of ROLES) await createUser({ ctx, email: emailOf(role), password: PASSWORD, role });
  const keys = {} as Record<Scope, string>;
  for (const scope of SCOPES) keys[scope] = (await createApiKey({ ctx, scope })).key;
  const app = await buildApp({ ctx, checkResponses: true, ...(signInRateLimit ? { signInRateLimit } : {}) });
  await app.ready();
  return { app, ctx, keys, close: () => app.close() };
}

export const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

/** Signs in through the API; returns the cookie header and the CSRF token. */
export async function signIn(app: App, role: Role): Promise<{ cookie: string; csrfToken: string }> {
  const response = await app.inject({
    method: 'POST',
    url: '/api/v1/session',
    payload: { email: emailOf(role), password: PASSWORD },
  });
  if (response.statusCode !== 200) throw new Error(`sign-in failed: ${response.statusCode} ${response.body}`);
  const cookie = String(response.headers['set-cookie']).split(';')[0] ?? '';
  return { cookie, csrfToken: response.json<{ csrfToken: string }>().csrfToken };
}
