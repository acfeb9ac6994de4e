// A conversation's unsent text, kept by the node in the device's sealed store (draftGet/draftSet):
// it survives switching tabs or incidents and a reload. Saved a moment after typing stops, and at
// once when the composer goes away.
import { useCallback, useEffect, useRef, useState } from 'react'
import { call } from '../api.js'

const SAVE_AFTER_MS = 400

/**
 * What this page last had in each conversation: switching back shows it at once, and never the
 * older text a save still on its way to the node would give (the node is asked after a reload).
 */
const known = new Map<string, string>()

/** [text, change]: `change(text, true)` saves at once (a sent message leaves no draft behind). */
export function useDraft (incidentId: string, conversation: string): [string, (text: string, now?: boolean) => void] {
  const [text, setText] = useState(() => known.get(`${incidentId}/${conversation}`) ?? '')
  const pending = useRef<{ text: string, timer: ReturnType<typeof setTimeout> } | undefined>(undefined)
  const typed = useRef(false)

  const key = `${incidentId}/${conversation}`
  useEffect(() => {
    typed.current = false
    let cancelled = false
    const cached = known.get(key)
    setText(cached ?? '')
    if (cached === undefined) {
      call('draftGet', { incidentId, conversation }).then(({ text: saved }) => {
        // Whatever the user typed while the draft was loading wins.
        if (!cancelled && !typed.current) { known.set(key, saved); setText(saved) }
      }, () => undefined)
    }
    const flush = (): void => {
      const p = pending.current
      if (p === undefined) return
      clearTimeout(p.timer)
      pending.current = undefined
      void call('draftSet', { incidentId, conversation, text: p.text }).catch(() => undefined)
    }
    // A reload or a closed window runs no React clean-up: keep the last keystrokes anyway.
    window.addEventListener('pagehide', flush)
    return () => { cancelled = true; window.removeEventListener('pagehide', flush); flush() }
  }, [incidentId, conversation, key])

  const change = useCallback((next: string, now = false) => {
    typed.current = true
    known.set(key, next)
    setText(next)
    if (pending.current !== undefined) clearTimeout(pending.current.timer)
    const save = (): void => {
      pending.current = undefined
      void call('draftSet', { incidentId, conversation, text: next }).catch(() => undefined)
    }
    if (now) { save(); return }
    pending.current = { text: next, timer: setTimeout(save, SAVE_AFTER_MS) }
  }, [incidentId, conversation, key])

  return [text, change]
}
