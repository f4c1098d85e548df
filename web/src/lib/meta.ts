// The store's metadata (currency, months, dimension values), loaded once after sign-in and shared by context.
import { createContext, useContext } from 'react';
import type { Meta } from '../../../src/contract/meta.ts';
import type { Session } from '../../../src/contract/session.ts';

export const MetaContext = createContext<Meta | null>(null);
export const SessionContext = createContext<Session | null>(null);

export function useMeta(): Meta {
  const meta = useContext(MetaContext);
  if (!meta) throw new Error('useMeta outside a signed-in page');
  return meta;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside a signed-in page');
  return session;
}
