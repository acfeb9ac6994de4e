// The chat's history a page at a time: the newest CHAT_PAGE messages first; "Show earlier
// messages" adds a page above (the node reads from its store only what is shown, so a long
// history costs nothing until it is asked for); a jump to a message not loaded yet (a search
// result, a pin, a quoted original) loads earlier pages until it is shown, up to MAX_JUMP_PAGES.
import { useCallback, useEffect, useRef, useState } from 'react'
import type { ChatMessage } from '../../../p2p/api/types.js'
import { call } from '../../api.js'
import { useLive, type Live } from '../../lib/hooks.js'
import { usePendingJump } from '../../search/jump.js'

export const CHAT_PAGE = 200
const MAX_JUMP_PAGES = 25

export interface ChatPages {
  messages: Live<ChatMessage[]>
  /** Whether older messages than those loaded exist. */
  hasEarlier: boolean
  showEarlier: () => void
}

export function useChatPages (incidentId: string): ChatPages {
  const [pages, setPages] = useState(1)
  const wanted = useRef(1)
  wanted.current = pages
  /** How many pages the list shown was loaded for. */
  const loadedFor = useRef(1)
  const messages = useLive(async () => {
    const want = wanted.current
    const list = await call('messages', { incidentId, limit: CHAT_PAGE * want, system: true })
    loadedFor.current = want
    return list
  }, [incidentId])
  const { reload } = messages
  useEffect(() => { if (pages > 1) reload() }, [pages, reload])
  const hasEarlier = messages.data !== undefined && messages.data.length >= CHAT_PAGE * loadedFor.current
  const showEarlier = useCallback(() => setPages(p => p + 1), [])

  const [jump, jumped] = usePendingJump(incidentId, ['message'])
  useEffect(() => {
    if (jump === undefined || messages.data === undefined || loadedFor.current < pages) return
    if (messages.data.some(m => m.id === jump.id) || !hasEarlier || pages >= MAX_JUMP_PAGES) jumped()
    else setPages(p => p + 1)
  }, [jump, jumped, messages.data, hasEarlier, pages])

  return { messages, hasEarlier, showEarlier }
}
