// SIGINT/SIGTERM for a foreground process: the first asks for a clean stop, a later one forces.
// One Ctrl-C reaches every process of the terminal's foreground group, and wrappers (`npm start`,
// scripts/start.js) forward it too, so the same press can arrive two or three times within a few
// milliseconds: signals that close to the first count as that first one, not as "again".
export const DUPLICATE_WINDOW_MS = 1_000

export type StopHandler = (signal: NodeJS.Signals, force: boolean) => void

/** A signal listener that tells a first signal from a forcing one, ignoring echoes of the first. */
export function stopSignalListener (handler: StopHandler, now: () => number = Date.now): (signal: NodeJS.Signals) => void {
  let first: number | undefined
  return (signal) => {
    const at = now()
    if (first === undefined) { first = at; handler(signal, false); return }
    if (at - first < DUPLICATE_WINDOW_MS) return
    handler(signal, true)
  }
}

/** Listens for SIGINT and SIGTERM with `handler` (see stopSignalListener). */
export function onStopSignals (handler: StopHandler): void {
  const listener = stopSignalListener(handler)
  process.on('SIGINT', listener)
  process.on('SIGTERM', listener)
}
