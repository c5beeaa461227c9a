import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import type { SessionView, UserView } from '../../../server/modules/accounts/accounts.contract.ts';
import { api, ApiError } from '../../api.ts';
import { closeLiveStreams } from '../../ui/useLive.ts';

export const SESSION_KEY = ['session'] as const;

/**
 * Who is signed in: the account from /api/auth/me, or null when nobody is (a 401 is an answer
 * here, not an error). Other errors stay errors so the page can say the server is unreachable.
 */
export function useSession() {
  return useQuery({
    queryKey: SESSION_KEY,
    queryFn: async ({ signal }) => {
      try {
        return await api<UserView>('/api/auth/me', { signal });
      } catch (err) {
        if (err instanceof ApiError && err.status === 401) return null;
        throw err;
      }
    },
    staleTime: 5 * 60_000,
    retry: false,
  });
}

/** The signed-in account; only for components rendered inside the session guard. */
export function useUser(): UserView {
  const { data } = useSession();
  if (!data) throw new Error('useUser outside the signed-in part of the app');
  return data;
}

/** After a sign-in call: remember the account so the guard lets the person in at once. */
export function useSignedIn() {
  const qc = useQueryClient();
  return (session: SessionView) => {
    qc.setQueryData(SESSION_KEY, session.user);
  };
}

export function useSignOut() {
  const qc = useQueryClient();
  const navigate = useNavigate();
  return useMutation({
    mutationFn: () => {
      // Stop the live streams first: nothing of this account may arrive after it signed out.
      closeLiveStreams();
      return api<void>('/api/auth/logout', { method: 'POST' });
    },
    // Signed out server-side or already expired: either way this device forgets everything.
    onSettled: () => {
      qc.clear();
      qc.setQueryData(SESSION_KEY, null);
      void navigate('/sign-in', { replace: true });
    },
  });
}
