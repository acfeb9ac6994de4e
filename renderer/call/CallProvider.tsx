// Holds the window's CallSession for as long as the app runs, and the page-wide parts of a call:
// push-to-talk on a held Space (while muted, and only when Space would not type or press
// something), released on key up, when the window loses focus or the page is hidden; and a
// best-effort leave when the page goes away, so the others stop waiting for it at once rather
// than after the node's 15 s timeout.
import { useEffect, useState, type ReactElement, type ReactNode } from 'react'
import { CallSession } from './call-session.js'
import { CallContext } from './useCall.js'

/** Where Space already means something: typing, pressing a control, moving a slider. */
const SPACE_TAKEN = 'input, textarea, select, button, a[href], summary, [contenteditable], [role="button"], [role="tab"], [role="slider"], [role="checkbox"], [role="switch"], [role="menuitem"], [role="option"], [role="textbox"], .cm-editor'

export function spaceIsFree (target: EventTarget | null): boolean {
  return !(target instanceof Element) || target.closest(SPACE_TAKEN) === null
}

export function CallProvider ({ children }: { children: ReactNode }): ReactElement {
  const [session] = useState(() => new CallSession())

  useEffect(() => {
    const down = (e: KeyboardEvent): void => {
      if (e.code !== 'Space' || e.ctrlKey || e.altKey || e.metaKey || !spaceIsFree(e.target)) return
      const view = session.getView()
      if (view.phase !== 'in-call' || !view.muted) return
      e.preventDefault() // no page scroll while talking
      if (!e.repeat) session.talk(true)
    }
    const up = (e: KeyboardEvent): void => { if (e.code === 'Space') session.talk(false) }
    const release = (): void => { session.talk(false) }
    const hidden = (): void => { if (document.visibilityState === 'hidden') session.talk(false) }
    const gone = (): void => { session.leaveNow() }
    window.addEventListener('keydown', down)
    window.addEventListener('keyup', up)
    window.addEventListener('blur', release)
    document.addEventListener('visibilitychange', hidden)
    window.addEventListener('pagehide', gone)
    return () => {
      window.removeEventListener('keydown', down)
      window.removeEventListener('keyup', up)
      window.removeEventListener('blur', release)
      document.removeEventListener('visibilitychange', hidden)
      window.removeEventListener('pagehide', gone)
      session.leaveNow() // unmounted: nothing could show or end this call any more
    }
  }, [session])

  return <CallContext.Provider value={session}>{children}</CallContext.Provider>
}
