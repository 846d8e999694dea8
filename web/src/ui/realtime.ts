import { useEffect, useRef } from 'react';

/** A server → client event (API.md "Realtime"); the full map is typed in contracts/src/events.ts. */
export interface RealtimeEvent {
  type: string;
  conversationId?: string;
  [key: string]: unknown;
}

type Listener = (event: RealtimeEvent) => void;
type ReconnectListener = () => void;

/**
 * One WebSocket per tab (cookie-authenticated), shared by every component. It reconnects with
 * backoff; on reconnect, subscribers catch up with `GET …/messages?after=<last seq>`.
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
    socket.onopen = () => {
      if (this.everConnected) for (const l of this.reconnectListeners) l();
      this.everConnected = true;
      this.attempts = 0;
    };
    socket.onmessage = (message) => {
      let event: RealtimeEvent;
      try {
        event = JSON.parse(String(message.data)) as RealtimeEvent;
      } catch {
        return;
      }
      for (const l of this.listeners) l(event);
    };
    socket.onclose = () => {
      this.socket = undefined;
      if (this.wanted === 0) return;
      const delay = Math.min(15_000, 500 * 2 ** this.attempts++);
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.ensure();
      }, delay);
    };
  }

  private close() {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.socket?.close();
    this.socket = undefined;
  }
}

const client = new RealtimeClient();

/** Subscribe to realtime events while the component is mounted. */
export function useRealtime(listener: Listener, onReconnect?: ReconnectListener) {
  const ref = useRef(listener);
  const reconnectRef = useRef(onReconnect);
  ref.current = listener;
  reconnectRef.current = onReconnect;
  useEffect(
    () =>
      client.subscribe(
        (e) => ref.current(e),
        () => reconnectRef.current?.(),
      ),
    [],
  );
}
