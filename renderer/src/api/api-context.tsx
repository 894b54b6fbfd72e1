/**
 * React access to the host: one `MyocueApi` per page, the latest status/training (fetched on
 * mount and after every reconnect, then kept current from pushed events), and the live frames
 * buffered once in a shared `LiveSeries` for all charts (no React render per frame).
 */
import { TrainingAssembler } from './training-assembler';
import { createContext, useContext, useEffect, useMemo, useRef, useState, useSyncExternalStore, type ReactNode } from 'react';
import type { EventName, HostEvents, HostStatus, LiveFrame, MyocueApi, TrainingState } from '../../../src/host/contract';
import type { ConnectedApi, ConnectionState } from './connect-api';
import { sharedApi, urlIsViewer } from './shared-api';
import { LiveSeries } from '../charts/live-series';

/** latest status/training with change notification, for useSyncExternalStore */
class HostStore {
  status: HostStatus | null = null;
  training: TrainingState | null = null;
  connection: ConnectionState = 'connecting';
  /** bumps on every pushed event: a fetched value older than a push is dropped */
  statusVersion = 0;
  trainingVersion = 0;
  private listeners = new Set<() => void>();
  subscribe = (l: () => void) => {
    this.listeners.add(l);
    return () => {
      this.listeners.delete(l);
    };
  };
  emit(): void {
    for (const l of [...this.listeners]) l();
  }
}

interface ApiContextValue {
  api: ConnectedApi;
  store: HostStore;
  series: LiveSeries;
}

const ApiContext = createContext<ApiContextValue | null>(null);

export function ApiProvider({ api, children }: { api?: ConnectedApi; children: ReactNode }) {
  const value = useMemo<ApiContextValue>(
    () => ({ api: api ?? sharedApi(), store: new HostStore(), series: new LiveSeries(30) }),
    [api],
  );

  useEffect(() => {
    const { api: a, store, series } = value;
    let alive = true;
    // pushed training events carry only what changed: the assembler holds the rest
    const assembler = new TrainingAssembler();
    let fetchingTraining = false;
    const fetchTraining = () => {
      if (fetchingTraining) return;
      fetchingTraining = true;
      const tv = store.trainingVersion;
      // a read-only viewer may be refused getTraining: the pushed events still arrive
      a.invoke('getTraining', null).then(
        (t) => {
          fetchingTraining = false;
          // a push newer than this answer wins, unless what is held misses sets or reps
          if (alive && (store.trainingVersion === tv || assembler.incomplete)) {
            store.training = assembler.full(t);
            store.emit();
          }
        },
        () => {
          fetchingTraining = false;
        },
      );
    };
    const refresh = () => {
      const sv = store.statusVersion;
      a.invoke('getStatus', null).then(
        (s) => {
          if (alive && store.statusVersion === sv) {
            store.status = s;
            store.emit();
          }
        },
        () => undefined,
      );
      fetchTraining();
    };
    const offs = [
      a.subscribe('status', (s) => {
        store.status = s;
        store.statusVersion++;
        store.emit();
      }),
      a.subscribe('training', (t) => {
        store.training = assembler.push(t);
        store.trainingVersion++;
        store.emit();
        if (assembler.incomplete) fetchTraining();
      }),
      a.subscribe('frame', (f) => series.push(f)),
      a.onConnection((c) => {
        store.connection = c;
        store.emit();
        if (c === 'open') refresh();
      }),
    ];
    return () => {
      alive = false;
      offs.forEach((off) => off());
    };
  }, [value]);

  return <ApiContext.Provider value={value}>{children}</ApiContext.Provider>;
}

function useCtx(): ApiContextValue {
  const ctx = useContext(ApiContext);
  if (!ctx) throw new Error('Myocue: wrap the app in <ApiProvider>.');
  return ctx;
}

export function useApi(): MyocueApi {
  return useCtx().api;
}

/** the live buffer every chart reads */
export function useLiveSeries(): LiveSeries {
  return useCtx().series;
}

export function useConnection(): ConnectionState {
  const { store } = useCtx();
  return useSyncExternalStore(store.subscribe, () => store.connection);
}

export function useStatus(): HostStatus | null {
  const { store } = useCtx();
  return useSyncExternalStore(store.subscribe, () => store.status);
}

export function useTraining(): TrainingState | null {
  const { store } = useCtx();
  return useSyncExternalStore(store.subscribe, () => store.training);
}

/**
 * The latest payload of an event. 'status' and 'training' are fetched on mount too. For 'frame'
 * this re-renders on every frame: charts should use `useFrames` or `LiveChart` instead.
 */
export function useHostEvent<E extends EventName>(event: E): HostEvents[E] | null {
  const { api, store } = useCtx();
  const [frame, setFrame] = useState<LiveFrame | null>(null);
  useEffect(() => {
    if (event !== 'frame') return;
    return api.subscribe('frame', setFrame);
  }, [api, event]);
  const snapshot = useSyncExternalStore(store.subscribe, () =>
    event === 'status' ? store.status : event === 'training' ? store.training : null,
  );
  return (event === 'frame' ? frame : snapshot) as HostEvents[E] | null;
}

/** Calls `listener` for every live frame without re-rendering (the latest listener is used). */
export function useFrames(listener: (f: LiveFrame) => void): void {
  const { api } = useCtx();
  const ref = useRef(listener);
  ref.current = listener;
  useEffect(() => api.subscribe('frame', (f) => ref.current(f)), [api]);
}

/** true when the page URL names a read-only viewer (`token` or `viewer` param) or the host says so */
export function useIsViewer(): boolean {
  const status = useStatus();
  return urlIsViewer() || status?.viewer === true;
}

export { urlIsViewer };
