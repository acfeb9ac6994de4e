// Going to an item found elsewhere (a search result, a pinned message, a quoted original): the
// view that holds it is asked to show it (`requestJump`: the chat opens the right conversation,
// the notes open the note), then `flash` waits for the element marked `data-jump-id` to appear,
// scrolls it into view, focuses it and highlights it for a moment.
import { useCallback, useEffect, useState } from 'react'
import type { SearchResult } from '../../p2p/api/types.js'

export interface JumpTarget { incidentId: string, kind: SearchResult['kind'], id: string, thread?: string | undefined, at: number }

/** A request older than this was not for the view that mounts now. */
const STALE_MS = 10_000
const FLASH_MS = 2500

let pending: JumpTarget | undefined
const listeners = new Set<() => void>()

export function requestJump (target: Omit<JumpTarget, 'at'>): void {
  pending = { ...target, at: Date.now() }
  for (const listener of listeners) listener()
}

/**
 * The jump waiting for this incident and one of `kinds` (kept until `done()`), so a view that
 * mounts after the request, or needs its data loaded first, still sees it.
 */
export function usePendingJump (incidentId: string, kinds: ReadonlyArray<JumpTarget['kind']>): [JumpTarget | undefined, () => void] {
  const key = kinds.join()
  const [target, setTarget] = useState<JumpTarget>()
  useEffect(() => {
    const check = (): void => {
      const t = pending
      if (t !== undefined && t.incidentId === incidentId && key.split(',').includes(t.kind) && Date.now() - t.at < STALE_MS) setTarget(t)
    }
    check()
    listeners.add(check)
    return () => { listeners.delete(check) }
  }, [incidentId, key])
  const done = useCallback((): void => {
    if (pending === target) pending = undefined
    setTarget(undefined)
  }, [target])
  return [target, done]
}

/** Scrolls to, focuses and highlights the element with `data-jump-id` = id once it is on screen; false if it never is. */
export async function flash (id: string, timeoutMs = 6000): Promise<boolean> {
  const end = Date.now() + timeoutMs
  const selector = `[data-jump-id="${CSS.escape(id)}"]`
  while (Date.now() < end) {
    await new Promise(resolve => setTimeout(resolve, 60))
    const el = document.querySelector<HTMLElement>(selector)
    if (el === null) continue
    el.scrollIntoView({ block: 'center' })
    if (!el.hasAttribute('tabindex') && !(el instanceof HTMLButtonElement)) el.tabIndex = -1
    el.focus({ preventScroll: true })
    el.classList.remove('is-jumped')
    void el.offsetWidth // restarts the animation when the same item is jumped to twice
    el.classList.add('is-jumped')
    setTimeout(() => el.classList.remove('is-jumped'), FLASH_MS)
    return true
  }
  return false
}
