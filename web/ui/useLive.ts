import { useEffect, useRef, useState } from 'react';

/** One message of the server's live stream (GET /api/live, see server/kernel/live.ts). */
export interface LiveEvent {
  /** 'change': something on these topics changed; 'resync': updates may have been missed, refetch all. */
  type: 'change' | 'resync';
  topics: string[];
  payload: Record<string, unknown>;
}

export type LiveState = 'off' | 'connecting' | 'live' | 'retrying';

/**
 * Follow topics (e.g. `grid:12`, `queue:user:5`) over server-sent events and call onEvent on
 * each change, typically to refetch. The browser re-connects a dropped stream by itself; a stream
 * refused outright (403, server restart) is re-opened here with back-off. Every (re)connection
 * after the first is reported as a 'resync', since changes in the gap were not seen.
 */
export function useLive(topics: readonly string[], onEvent: (e: LiveEvent) => void): LiveState {
  const handler = useRef(onEvent);
  handler.current = onEvent;
  const key = [...new Set(topics)].sort().join(',');
  const [state, setState] = useState<LiveState>('off');

  useEffect(() => {
    if (!key || typeof EventSource === 'undefined') {
      setState('off');
      return;
    }
    return followLive(key, (e) => handler.current(e), setState);
  }, [key]);

  return state;
}

/** Every stream this page has open, so signing out can close them all at once. */
const openStreams = new Set<() => void>();

/**
 * Close every live stream of the page now. Signing out calls it: on a shared phone the next
 * person must not keep receiving the previous account's updates (a stream is authorised once,
 * when it opens). A page still showing a stream reports 'off'; it opens a new one when mounted again.
 */
export function closeLiveStreams(): void {
  for (const stop of [...openStreams]) stop();
}

/** The stream behind useLive, as a plain function: returns what stops it. */
export function followLive(key: string, onEvent: (e: LiveEvent) => void, onState: (s: LiveState) => void): () => void {
  let source: EventSource | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let connectedBefore = false;
  let backoffMs = 2000;
  let stopped = false;

  const open = () => {
    onState(connectedBefore ? 'retrying' : 'connecting');
    source = new EventSource(`/api/live?topics=${encodeURIComponent(key)}`);
    source.addEventListener('ready', () => {
      onState('live');
      backoffMs = 2000;
      if (connectedBefore) onEvent({ type: 'resync', topics: key.split(','), payload: {} });
      connectedBefore = true;
    });
    source.onmessage = (m: MessageEvent<string>) => {
      try {
        onEvent(JSON.parse(m.data) as LiveEvent);
      } catch {
        // a malformed message is not worth breaking the page for
      }
    };
    source.onerror = () => {
      if (stopped) return;
      if (source?.readyState === EventSource.CLOSED) {
        // Refused (not a network drop): the browser gives up, so try again later ourselves.
        onState('retrying');
        timer = setTimeout(open, backoffMs);
        backoffMs = Math.min(backoffMs * 2, 60_000);
      } else {
        onState('retrying');
      }
    };
  };
  const stop = () => {
    stopped = true;
    clearTimeout(timer);
    source?.close();
    openStreams.delete(stop);
    onState('off');
  };
  openStreams.add(stop);
  open();
  return stop;
}
