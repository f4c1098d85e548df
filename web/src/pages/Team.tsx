// Team administration (admins): add users, change their role, deactivate or reactivate them; API keys below.
import { useState, type SyntheticEvent } from 'react';
import type { TeamUser, UserCreate, UserList, UserUpdate } from '../../../src/contract/users.ts';
import { Card, PageHeader } from '../components/Card.tsx';
import { ErrorState, FormError, Loading } from '../components/States.tsx';
import { request } from '../lib/api.ts';
import { formatDate } from '../lib/format.ts';
import { useSession } from '../lib/meta.ts';
import { useReloadable } from '../lib/use-reloadable.ts';
import { ApiKeys } from './team-keys.tsx';

type Role = TeamUser['role'];
const ROLES = ['admin', 'csm', 'viewer'] as const satisfies readonly Role[];

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

function AddUser({ onAdded }: { onAdded: () => void }) {
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('csm');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const submit = async (event: SyntheticEvent) => {
    event.preventDefault();
    setError(null);
    setDone(null);
    try {
      const body: UserCreate = { email, name: name || null, role, password };
      const user = await request<TeamUser>('POST', '/api/v1/users', body);
      setDone(`Added ${user.email} as ${user.role}.`);
      setEmail('');
      setName('');
      setPassword('');
      onAdded();
    } catch (failure) {
      setError(message(failure));
    }
  };
  return (
    <form className="admin-form" onSubmit={(e) => void submit(e)} aria-label="Add a user">
      <label className="field">
        <span>Email</span>
        <input type="email" name="email" required value={email} onChange={(e) => setEmail(e.target.value)} />
      </label>
      <label className="field">
        <span>Name</span>
        <input name="name" value={name} onChange={(e) => setName(e.target.value)} />
      </label>
      <label className="field">
        <span>Role</span>
        <select name="role" value={role} onChange={(e) => setRole(e.target.value as Role)}>
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>Password</span>
        <input
          type="password"
          name="password"
          autoComplete="new-password"
          minLength={10}
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
      </label>
      <button type="submit" className="button button-primary">
        Add user
      </button>
      <FormError message={error} />
      {done ? (
        <div className="form-ok" role="status">
          {done}
        </div>
      ) : null}
    </form>
  );
}

function UserRow({ user, self, onChanged }: { user: TeamUser; self: boolean; onChanged: (error?: string) => void }) {
  const change = async (changes: UserUpdate) => {
    try {
      await request<TeamUser>('PATCH', `/api/v1/users/${user.id}`, changes);
      onChanged();
    } catch (failure) {
      onChanged(message(failure));
    }
  };
  return (
    <tr data-user={user.email}>
      <td>
        {user.name ?? ''}
        <div className="cell-sub">{user.email}</div>
      </td>
      <td>
        <select
          aria-label={`Role of ${user.email}`}
          value={user.role}
          disabled={!user.active}
          onChange={(e) => void change({ role: e.target.value as Role })}
        >
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </select>
      </td>
      <td>{user.active ? 'active' : <span className="badge badge-fail">deactivated</span>}</td>
      <td className="num">{user.accountsOwned}</td>
      <td>{formatDate(user.createdAt.slice(0, 10))}</td>
      <td>
        {self ? (
          <span className="muted small">you</span>
        ) : (
          <button type="button" className="button button-ghost" onClick={() => void change({ active: !user.active })}>
            {user.active ? 'Deactivate' : 'Reactivate'}
          </button>
        )}
      </td>
    </tr>
  );
}

export function Team() {
  const session = useSession();
  const users = useReloadable<UserList>('/api/v1/users');
  const [error, setError] = useState<string | null>(null);
  return (
    <>
      <PageHeader title="Team" subtitle="Who may sign in, with which role, and the API keys machines use" />
      <Card title="Users" subtitle="A deactivated user cannot sign in, and their sessions end at once">
        <AddUser onAdded={users.reload} />
        <FormError message={error} />
        {users.error ? <ErrorState error={users.error} /> : null}
        {!users.data && users.loading ? <Loading label="Loading users…" /> : null}
        {users.data ? (
          <div className="table-scroll">
            <table className="table" aria-label="Users">
              <thead>
                <tr>
                  <th>User</th>
                  <th>Role</th>
                  <th>Status</th>
                  <th className="num">Accounts owned</th>
                  <th>Added</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {users.data.users.map((u) => (
                  <UserRow
                    key={u.id}
                    user={u}
                    self={String(u.id) === String(session.user.id)}
                    onChanged={(failure) => {
                      setError(failure ?? null);
                      users.reload();
                    }}
                  />
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
      </Card>
      <ApiKeys />
    </>
  );
}
