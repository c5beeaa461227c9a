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
    let source: EventSource | undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let connectedBefore = false;
    let backoffMs = 2000;
    let stopped = false;

    const open = () => {
      setState(connectedBefore ? 'retrying' : 'connecting');
      source = new EventSource(`/api/live?topics=${encodeURIComponent(key)}`);
      source.addEventListener('ready', () => {
        setState('live');
        backoffMs = 2000;
        if (connectedBefore) handler.current({ type: 'resync', topics: key.split(','), payload: {} });
        connectedBefore = true;
      });
      source.onmessage = (m: MessageEvent<string>) => {
        try {
          handler.current(JSON.parse(m.data) as LiveEvent);
        } catch {
          // a malformed message is not worth breaking the page for
        }
      };
      source.onerror = () => {
        if (stopped) return;
        if (source?.readyState === EventSource.CLOSED) {
          // Refused (not a network drop): the browser gives up, so try again later ourselves.
          setState('retrying');
          timer = setTimeout(open, backoffMs);
          backoffMs = Math.min(backoffMs * 2, 60_000);
        } else {
          setState('retrying');
        }
      };
    };
    open();
    return () => {
      stopped = true;
      clearTimeout(timer);
      source?.close();
    };
  }, [key]);

  return state;
}
