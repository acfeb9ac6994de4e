// The chat half of the API: writing, editing, deleting and reacting to messages, reading them,
// and saying how far they were read.
import type { Params, Result } from '../api/types.js'
import { isDeleted, messageId } from '../chat/chat-view.js'
import { MessageDeletedError, NotAuthorizedError } from '../errors.js'
import { peerIdOf } from '../identity/peer-key.js'
import type { Incident } from '../incident/incident.js'
import { chatMessages, messageReaders, messageRef, pageOf, pinnedMessages } from './chat-messages.js'
import type { PrivateHandlers } from './private-handlers.js'
import type { ReadMarks } from './read-marks.js'

type ChatMethod = 'sendMessage' | 'editMessage' | 'deleteMessage' | 'react' | 'pin' | 'pins' | 'markRead' | 'messageReaders' | 'messages'
export type ChatHandlers = { [M in ChatMethod]: (params: Params<M>) => Promise<Result<M>> }

/** `self` is this device's PeerId: only a message's author may edit or delete it. */
export function chatHandlers (incidentOf: (id: string) => Incident, self: string, reads: ReadMarks, conversations: PrivateHandlers): ChatHandlers {
  const write = async (incident: Incident, payload: Parameters<Incident['append']>[0]): Promise<{ id: string }> => {
    const entry = await incident.append(payload)
    return { id: messageId(self, entry.body.s) }
  }
  /** The reference to a message that still takes edits and reactions: not deleted. */
  const changeableRef = (incident: Incident, id: string, change: string): [Uint8Array, number] => {
    const ref = messageRef(incident, id)
    if (isDeleted(incident.records, ref)) throw new MessageDeletedError(`message ${id} was deleted by its author; it can no longer be ${change}`)
    return ref
  }
  return {
    sendMessage: async ({ incidentId, text, thread, replyTo }) => {
      const incident = incidentOf(incidentId)
      if (thread !== undefined) return await conversations.sendPrivate(incident, thread, text, replyTo)
      return await write(incident, { k: 'msg', text, ...(replyTo === undefined ? {} : { re: messageRef(incident, replyTo) }) })
    },
    pin: async ({ incidentId, id, on }) => {
      const incident = incidentOf(incidentId)
      return await write(incident, { k: 'pin', r: changeableRef(incident, id, on ? 'pinned' : 'unpinned'), on })
    },
    pins: async ({ incidentId }) => await pinnedMessages(incidentOf(incidentId)),
    editMessage: async ({ incidentId, id, text }) => {
      const incident = incidentOf(incidentId)
      const ref = changeableRef(incident, id, 'edited')
      if (peerIdOf(ref[0]) !== self) throw new NotAuthorizedError('only its author can edit a message')
      return await write(incident, { k: 'edit', r: ref, text })
    },
    deleteMessage: async ({ incidentId, id }) => {
      const incident = incidentOf(incidentId)
      const ref = messageRef(incident, id)
      if (peerIdOf(ref[0]) !== self) throw new NotAuthorizedError('only its author can delete a message')
      return await write(incident, { k: 'delete', r: ref })
    },
    react: async ({ incidentId, id, emoji, on }) => {
      const incident = incidentOf(incidentId)
      return await write(incident, { k: 'react', r: changeableRef(incident, id, 'reacted to'), emoji, on })
    },
    markRead: async ({ incidentId, upTo }) => reads.mark(incidentOf(incidentId), upTo),
    messageReaders: async ({ incidentId, id }) => messageReaders(incidentOf(incidentId), id),
    messages: async ({ incidentId, limit, system, thread, before }) => {
      if (thread === undefined) return await chatMessages(incidentOf(incidentId), { before, limit, system })
      return pageOf(conversations.privateMessages(incidentOf(incidentId), thread), before, limit)
    }
  }
}
