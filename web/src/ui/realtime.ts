import type { PortalRealtimeEvent, RealtimeEvent, StaffRealtimeEvent } from '@parley/contracts';
import { REALTIME_CLOSE } from '@parley/contracts/constants';
import { useEffect, useRef } from 'react';

/** A server → client event (API.md "Realtime"), typed by `RealtimeEventMap` in contracts/src/events.ts. */
type Listener = (event: RealtimeEvent) => void;
type ReconnectListener = () => void;

/**
 * One WebSocket per tab (cookie-authenticated), shared by every component. It reconnects with
 * backoff; on reconnect, subscribers catch up with `GET …/messages?after=<last seq>`. Closed with
 * `REALTIME_CLOSE.catchUp` (the server could not keep up with this socket) it reconnects at once.
 */
class RealtimeClient {
  private socket: WebSocket | undefined;
  private listeners = new Set<Listener>();
  private reconnectListeners = new Set<ReconnectListener>();
  private attempts = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private wanted = 0;
  private everConnected = false;

  subscribe(listener: Listener, onReconnect?: ReconnectListener): () => void {
    this.listeners.add(listener);
    if (onReconnect) this.reconnectListeners.add(onReconnect);
    this.wanted++;
    this.ensure();
    return () => {
      this.listeners.delete(listener);
      if (onReconnect) this.reconnectListeners.delete(onReconnect);
      this.wanted--;
      if (this.wanted === 0) this.close();
    };
  }

  private ensure() {
    if (this.socket || this.timer) return;
    const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api/v1/realtime`;
    const socket = new WebSocket(url);
    this.socket = socket;
    // A socket this client has let go (closed, or replaced after an unmount and a mount) says
    // nothing more: its late close must not drop the socket that replaced it, nor open another.
    socket.onopen = () => {
      if (this.socket !== socket) return;
      if (this.everConnected) for (const l of this.reconnectListeners) l();
      this.everConnected = true;
      this.attempts = 0;
    };
    socket.onmessage = (message) => {
      if (this.socket !== socket) return;
      let event: RealtimeEvent;
      try {
        event = JSON.parse(String(message.data)) as RealtimeEvent;
      } catch {
        return;
      }
      for (const l of this.listeners) l(event);
    };
    socket.onclose = (event) => {
      if (this.socket !== socket) return;
      this.socket = undefined;
      // 4401: this session ended (signed out elsewhere, ended from a Sessions page, expired): tell
      // the session, which asks the server and so shows the sign-in page; no reconnecting.
      if (event.code === REALTIME_CLOSE.sessionEnded) {
        for (const l of sessionEndedListeners) l();
        return;
      }
      if (this.wanted === 0) return;
      // 4409: the server dropped events for this socket (it fell behind): reconnect at once (a
      // little jitter so a crowd does not return together) and catch up over REST on open.
      const delay =
        event.code === REALTIME_CLOSE.catchUp && this.everConnected
          ? 100 + Math.random() * 400
          : Math.min(15_000, 500 * 2 ** this.attempts++);
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.ensure();
      }, delay);
    };
  }

  private close() {
    clearTimeout(this.timer);
    this.timer = undefined;
    const socket = this.socket;
    this.socket = undefined;
    socket?.close();
  }
}

const sessionEndedListeners = new Set<() => void>();

/** Call `listener` when the server closes this tab's socket because its session ended. */
export function onSessionEnded(listener: () => void): () => void {
  sessionEndedListeners.add(listener);
  return () => sessionEndedListeners.delete(listener);
}

const client = new RealtimeClient();

/**
 * Subscribe to realtime events while the component is mounted. The socket belongs to whoever is
 * signed in, so the staff app and the portal each see the events of their audience.
 */
function useRealtime<E extends RealtimeEvent>(listener: (event: E) => void, onReconnect?: ReconnectListener) {
  const ref = useRef(listener);
  const reconnectRef = useRef(onReconnect);
  ref.current = listener;
  reconnectRef.current = onReconnect;
  useEffect(
    () =>
      client.subscribe(
        // The server sends this audience's variant of each event (contracts: Staff/PortalRealtimeEvent).
        (e) => ref.current(e as E),
        () => reconnectRef.current?.(),
      ),
    [],
  );
}

/** The staff app's events: `message.created` carries the staff view of the message. */
export const useStaffRealtime = (
  listener: (event: StaffRealtimeEvent) => void,
  onReconnect?: ReconnectListener,
) => useRealtime(listener, onReconnect);

/** The portal's events: the portal view of messages, no staff-only events. */
export const usePortalRealtime = (
  listener: (event: PortalRealtimeEvent) => void,
  onReconnect?: ReconnectListener,
) => useRealtime(listener, onReconnect);
