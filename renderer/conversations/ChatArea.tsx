// An incident's Chat tab: the conversations list beside the open conversation (the incident chat,
// or a private thread or direct message). The open one is remembered per incident; a search
// result or a link to a message opens the conversation that holds it (search/jump.ts).
import { useEffect, useState, type ReactElement } from 'react'
import type { IncidentSummary } from '../../p2p/api/types.js'
import { useApp } from '../app/context.js'
import type { SyncView } from '../app/sync-monitor.js'
import { useStored } from '../lib/hooks.js'
import { mayWrite } from '../lib/roles.js'
import { ChatPanel } from '../panels/ChatPanel.js'
import { usePendingJump } from '../search/jump.js'
import { ConversationList } from './ConversationList.js'
import { NewDirectDialog } from './NewDirectDialog.js'
import { NewThreadDialog } from './NewThreadDialog.js'
import { PrivateChat } from './PrivateChat.js'
import { INCIDENT_CHAT, useConversations } from './useConversations.js'

export function ChatArea ({ incident, sync, markRead }: { incident: IncidentSummary, sync: SyncView, markRead: (id: string, lamport: number) => void }): ReactElement {
  const { me } = useApp()
  const incidentId = incident.incidentId
  const [open, setOpen] = useStored(`lifeboat.conversation.${incidentId}`, INCIDENT_CHAT)
  const [dialog, setDialog] = useState<'thread' | 'direct' | null>(null)
  // A conversation just started here, until the list has it.
  const [starting, setStarting] = useState<string>()
  const { list, threads } = useConversations(incidentId, me.peerId, open)
  const current = list.find(c => c.id === open)
  const canPost = mayWrite(incident.role)

  const [jump, jumped] = usePendingJump(incidentId, ['message', 'dm', 'file'])
  useEffect(() => {
    if (jump === undefined) return
    setOpen(jump.kind === 'dm' ? jump.thread ?? INCIDENT_CHAT : INCIDENT_CHAT)
    // A chat message is left to the chat, which loads earlier pages until it shows it.
    if (jump.kind !== 'message') jumped()
  }, [jump, jumped, setOpen])

  // Taken out of a thread (or it never reached this device): back to the incident chat, shown in
  // this very render (the list had no open item for a frame otherwise), then remembered.
  const gone = current === undefined && threads.data !== undefined && starting !== open
  const shown = gone ? INCIDENT_CHAT : open
  useEffect(() => {
    if (current !== undefined) { if (starting === open) setStarting(undefined); return }
    if (gone) setOpen(INCIDENT_CHAT)
  }, [current, gone, starting, open, setOpen])

  const start = (threadId: string): void => {
    setDialog(null)
    setStarting(threadId)
    setOpen(threadId)
    threads.reload()
  }

  return (
    <div className="chat-area">
      <ConversationList list={list} open={shown} onOpen={setOpen}
        onNewThread={canPost ? () => setDialog('thread') : undefined} onNewDirect={canPost ? () => setDialog('direct') : undefined} />
      <div className="conversation-pane">
        {shown === INCIDENT_CHAT
          ? <ChatPanel incident={incident} sync={sync} markRead={markRead} />
          : current?.info !== undefined
            ? <PrivateChat key={current.id} incident={incident} thread={current.info} label={current.label} members={sync.members} />
            : <p className="muted pad" role="status">Opening the conversation…</p>}
      </div>
      {dialog === 'direct' && <NewDirectDialog incidentId={incidentId} members={sync.members} me={me.peerId} threads={threads.data} onClose={() => setDialog(null)} onOpen={start} />}
      {dialog === 'thread' && <NewThreadDialog incidentId={incidentId} members={sync.members} me={me.peerId} onClose={() => setDialog(null)} onOpen={start} />}
    </div>
  )
}
