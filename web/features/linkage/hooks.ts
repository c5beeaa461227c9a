import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Static } from 'typebox';
import type {
  BulletinDetail,
  BulletinList,
  FaqList,
  GroupDetail,
  GroupList,
  MessageList,
  MessageView,
  NoticeView,
  PostMessage,
  QuestionView,
  RaiseRequest,
  RecordQuestion,
  RolloutBoard,
  ScheduleSession,
  SendNotice,
  SessionList,
  SessionView,
  FaqTopic,
  LinkageSide,
} from '../../../server/modules/linkage/linkage.contract.ts';
import { api } from '../../api.ts';
import { useLive, type LiveState } from '../../ui/useLive.ts';

const KEY = ['linkage'] as const;

export function useGroups() {
  return useQuery({ queryKey: [...KEY, 'groups'], queryFn: ({ signal }) => api<Static<typeof GroupList>>('/api/linkage/groups', { signal }) });
}

export function useGroup(id: number | undefined) {
  return useQuery({ queryKey: [...KEY, 'group', id], enabled: id !== undefined, queryFn: ({ signal }) => api<GroupDetail>(`/api/linkage/groups/${id}`, { signal }) });
}

/** The thread and bulletins of a group, refetched on every live change of `group:ID` (polling is the safety net). */
export function useGroupLive(id: number): LiveState {
  const qc = useQueryClient();
  return useLive([`group:${id}`], () => void qc.invalidateQueries({ queryKey: [...KEY, 'group', id] }));
}

export function useMessages(groupId: number) {
  return useQuery({
    queryKey: [...KEY, 'group', groupId, 'messages'],
    queryFn: ({ signal }) => api<Static<typeof MessageList>>(`/api/linkage/groups/${groupId}/messages`, { signal }),
    refetchInterval: 60_000,
  });
}

export function usePostMessage(groupId: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: PostMessage) => api<MessageView>(`/api/linkage/groups/${groupId}/messages`, { method: 'POST', body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: [...KEY, 'group', groupId] }),
  });
}

export function useRaiseRequest(groupId: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: RaiseRequest) => api<{ requestId: number; message: MessageView }>(`/api/linkage/groups/${groupId}/requests`, { method: 'POST', body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: [...KEY, 'group', groupId] }),
  });
}

export function useBulletins(groupId: number) {
  return useQuery({
    queryKey: [...KEY, 'group', groupId, 'bulletins'],
    queryFn: ({ signal }) => api<Static<typeof BulletinList>>(`/api/linkage/groups/${groupId}/bulletins`, { signal }),
  });
}

export function useBulletin(id: number | undefined) {
  return useQuery({
    queryKey: [...KEY, 'bulletin', id],
    enabled: id !== undefined,
    queryFn: ({ signal }) => api<BulletinDetail>(`/api/linkage/bulletins/${id}`, { signal }),
  });
}

export function useIssueBulletin(groupId: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => api<BulletinDetail>(`/api/linkage/groups/${groupId}/bulletins`, { method: 'POST' }),
    onSuccess: () => qc.invalidateQueries({ queryKey: KEY }),
  });
}

export function useAcknowledge() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, side }: { id: number; side: LinkageSide }) => api<BulletinDetail>(`/api/linkage/bulletins/${id}/acknowledge`, { method: 'POST', body: { side } }),
    onSuccess: () => qc.invalidateQueries({ queryKey: KEY }),
  });
}

export function useDashboard() {
  return useQuery({ queryKey: [...KEY, 'dashboard'], queryFn: ({ signal }) => api<Static<typeof BulletinList>>('/api/linkage/dashboard', { signal }), refetchInterval: 60_000 });
}

export function useRollout() {
  return useQuery({ queryKey: [...KEY, 'rollout'], queryFn: ({ signal }) => api<RolloutBoard>('/api/linkage/rollout', { signal }) });
}

export function useSendNotice() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: (body: SendNotice) => api<NoticeView>('/api/notices', { method: 'POST', body }), onSuccess: () => qc.invalidateQueries({ queryKey: KEY }) });
}

export function useSessions() {
  return useQuery({ queryKey: [...KEY, 'qa'], queryFn: ({ signal }) => api<Static<typeof SessionList>>('/api/qa-sessions', { signal }) });
}

export function useScheduleSession() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: (body: ScheduleSession) => api<SessionView>('/api/qa-sessions', { method: 'POST', body }), onSuccess: () => qc.invalidateQueries({ queryKey: KEY }) });
}

export function useMarkHeld() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: (id: number) => api<SessionView>(`/api/qa-sessions/${id}/held`, { method: 'POST' }), onSuccess: () => qc.invalidateQueries({ queryKey: KEY }) });
}

export function useRecordQuestion(sessionId: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: RecordQuestion) => api<QuestionView>(`/api/qa-sessions/${sessionId}/questions`, { method: 'POST', body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: KEY }),
  });
}

export function useFaq(topic: FaqTopic | undefined, q: string) {
  return useQuery({
    queryKey: ['faq', topic, q],
    queryFn: ({ signal }) => api<Static<typeof FaqList>>('/api/public/faq', { signal, query: { topic, q } }),
  });
}
