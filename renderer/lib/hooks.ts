// React hooks over the API: live data that reloads when the node says it changed.
import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react'
import type { ShellEvents } from '../../p2p/api/bridge.js'
import { getLinkState, on, onLinkState, onShell, type LinkState } from '../api.js'
import type { ApiEvents, EventName } from '../../p2p/api/types.js'

/** Listens to an API event for the component's lifetime (the latest handler is always used). */
export function useApiEvent<E extends EventName> (event: E, handler: (payload: ApiEvents[E]) => void): void {
  const ref = useRef(handler)
  ref.current = handler
  useEffect(() => on(event, (payload) => ref.current(payload)), [event])
}

/** Whether the page reaches the node; never misses a change made before the first render. */
/** Listens to an event of the desktop shell (Electron) for the component's lifetime. */
export function useShellEvent<E extends keyof ShellEvents> (event: E, handler: (payload: ShellEvents[E]) => void): void {
  const ref = useRef(handler)
  ref.current = handler
  useEffect(() => onShell(event, (payload) => ref.current(payload)), [event])
}

export function useLinkState (): LinkState {
  return useSyncExternalStore(onLinkState, getLinkState)
}

export interface Live<T> {
  data: T | undefined
  error: Error | undefined
  loading: boolean
  /** Reloads now (debounced with other reloads in the same tick). */
  reload: () => void
}

/**
 * Loads `load()` now, again whenever `deps` change, when reload() is called and when the page
 * reconnects to the node. Reloads are coalesced (one in flight, one queued) so a burst of events
 * costs two calls, not fifty; results of outdated loads are dropped.
 */
export function useLive<T> (load: () => Promise<T>, deps: unknown[], debounceMs = 60): Live<T> {
  const [data, setData] = useState<T>()
  const [error, setError] = useState<Error>()
  const [loading, setLoading] = useState(true)
  const loadRef = useRef(load)
  loadRef.current = load
  const generation = useRef(0)
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined)

  const run = useCallback(() => {
    const mine = ++generation.current
    loadRef.current().then(
      (value) => { if (mine === generation.current) { setData(value); setError(undefined); setLoading(false) } },
      (err: unknown) => { if (mine === generation.current) { setError(err instanceof Error ? err : new Error(String(err))); setLoading(false) } }
    )
  }, [])

  const reload = useCallback(() => {
    clearTimeout(timer.current)
    timer.current = setTimeout(run, debounceMs)
  }, [run, debounceMs])

  useEffect(() => {
    setData(undefined)
    setLoading(true)
    run()
    // Bumping the generation drops the answers of loads started for the previous deps.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    return () => { clearTimeout(timer.current); generation.current++ }
  // `deps` are the caller's: what the loader depends on.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps)

  useEffect(() => onLinkState(state => { if (state === 'open') reload() }), [reload])
  return { data, error, loading, reload }
}

/** Re-renders every `ms` (for "5 min ago" labels). */
export function useNow (ms = 30_000): number {
  const [now, setNow] = useState(Date.now())
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), ms)
    return () => clearInterval(t)
  }, [ms])
  return now
}

/** A value kept in localStorage (JSON), per key. */
export function useStored<T> (key: string, initial: T): [T, (value: T) => void] {
  const [value, setValue] = useState<T>(() => readStored(key, initial))
  // eslint-disable-next-line react-hooks/exhaustive-deps
  useEffect(() => { setValue(readStored(key, initial)) }, [key]) // only when the key changes
  const set = useCallback((v: T) => { setValue(v); writeStored(key, v) }, [key])
  return [value, set]
}

export function readStored<T> (key: string, fallback: T): T {
  try {
    const text = localStorage.getItem(key)
    return text === null ? fallback : JSON.parse(text) as T
  } catch {
    return fallback
  }
}

export function writeStored (key: string, value: unknown): void {
  try { localStorage.setItem(key, JSON.stringify(value)) } catch { /* storage full or disabled: not fatal */ }
}
