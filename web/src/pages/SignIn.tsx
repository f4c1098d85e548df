// Email and password sign-in; shows the API's problem detail when it refuses.
import { useState, type SyntheticEvent } from 'react';
import { signIn } from '../lib/api.ts';
import type { Session } from '../../../src/contract/session.ts';
import { FormError } from '../components/States.tsx';

export function SignIn({ onSignedIn }: { onSignedIn: (session: Session) => Promise<void> }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: SyntheticEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await onSignedIn(await signIn(email, password));
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
      setBusy(false);
    }
  };

  return (
    <div className="signin-screen">
      <form className="signin-card" onSubmit={(e) => void submit(e)} aria-label="Sign in">
        <div className="brand brand-large">
          <span className="brand-mark">T</span>
          <span className="brand-name">Tenure</span>
        </div>
        <h1>Sign in</h1>
        <p className="muted">Customer success and revenue retention, from your billing data.</p>
        <label className="field field-block">
          <span>Email</span>
          <input
            type="email"
            name="email"
            autoComplete="username"
            required
            value={email}
            onChange={(e) => setEmail(e.target.value)}
          />
        </label>
        <label className="field field-block">
          <span>Password</span>
          <input
            type="password"
            name="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </label>
        <FormError message={error} />
        <button type="submit" className="button button-primary button-block" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </div>
  );
}
