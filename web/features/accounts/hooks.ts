import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Static } from 'typebox';
import type {
  CodeLogin,
  CodeRequest,
  CodeRequested,
  CreateUser,
  PasswordLogin,
  SessionView,
  UpdateUser,
  UserList,
  UserListQuery,
  UserView,
} from '../../../server/modules/accounts/accounts.contract.ts';
import { api } from '../../api.ts';
import { useSignedIn } from '../shell/session.ts';

export function usePasswordSignIn() {
  const signedIn = useSignedIn();
  return useMutation({
    mutationFn: (body: PasswordLogin) => api<SessionView>('/api/auth/login', { method: 'POST', body }),
    onSuccess: signedIn,
  });
}

export function useRequestCode() {
  return useMutation({
    mutationFn: (body: CodeRequest) =>
      api<Static<typeof CodeRequested>>('/api/auth/code', { method: 'POST', body }),
  });
}

export function useCodeSignIn() {
  const signedIn = useSignedIn();
  return useMutation({
    mutationFn: (body: CodeLogin) => api<SessionView>('/api/auth/code/verify', { method: 'POST', body }),
    onSuccess: signedIn,
  });
}

const USERS = ['users'] as const;

export function useUsers(query: UserListQuery) {
  return useQuery({
    queryKey: [...USERS, query],
    queryFn: ({ signal }) => api<Static<typeof UserList>>('/api/users', { query, signal }),
    // Keep the table filled while the next page or filter loads, so it does not jump.
    placeholderData: keepPreviousData,
  });
}

export function useCreateUser() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateUser) => api<UserView>('/api/users', { method: 'POST', body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: USERS }),
  });
}

export function useUpdateUser() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...body }: UpdateUser & { id: number }) =>
      api<UserView>(`/api/users/${id}`, { method: 'PATCH', body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: USERS }),
  });
}
