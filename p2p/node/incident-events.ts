// What the node does when an incident reports something (incident/incident-listener.ts): API
// events for the front ends, gossip for our own new entries, counters, and the services that
// follow the roster and the files.
import type { ApiEvents, EventName } from '../api/types.js'
import { isDeleted, messageId, type PayloadRecord } from '../chat/chat-view.js'
import { fromHex, toHex } from '../codec/bytes.js'
import { peerIdOf } from '../identity/peer-key.js'
import type { Incident, IncidentListener } from '../incident/incident.js'
import type { Stats } from '../net/stats.js'
import { newMessage } from './chat-messages.js'

export interface IncidentEventDeps {
  emit: <E extends EventName>(event: E, payload: ApiEvents[E]) => void
  /** Whether a front end listens to `event` (a message event is costly to build, and a catch-up makes thousands). */
  heard: (event: EventName) => boolean
  stats: Stats
  publish: IncidentListener['written']
  rosterChanged: (incident: Incident) => void
  filesChanged: (incident: Incident) => void
  /** An announcement, acknowledgement or delivery receipt was stored (delivery-receipts.ts answers announcements). */
  announced: (incident: Incident, record: PayloadRecord) => void
  /** A team's activation, playbook or drill was stored (team-activations.ts joins activated incidents). */
  teamChanged: (team: Incident, record: PayloadRecord) => void
  /** Files were purged under retention: their chunks no other file lists are deleted. */
  chunksPurged: (chunks: Uint8Array[]) => void
}

const ANNOUNCEMENT_NEWS = { announce: 'posted', drill: 'posted', ack: 'acknowledged', got: 'delivered', reach: 'delivered', remind: 'reminded' } as const

export function incidentEvents ({ emit, heard, stats, publish, rosterChanged, filesChanged, announced, teamChanged, chunksPurged }: IncidentEventDeps): IncidentListener {
  return {
    payload: (incident, record) => {
      const payload = record.payload
      if (payload.k === 'msg') {
        const message = heard('message') ? newMessage(incident, record) : undefined
        if (message !== undefined) emit('message', { incidentId: incident.idHex, message })
      } else if (payload.k === 'seen') emit('seen', { incidentId: incident.idHex, reader: record.author })
      // A new automatic-fetch size: fetch what now falls under it; lists show the setting.
      else if (payload.k === 'settings') {
        filesChanged(incident)
        emit('files', { incidentId: incident.idHex })
        emit('retention', { incidentId: incident.idHex, purged: 0 })
        emit('clocks', { incidentId: incident.idHex })
      } else if (payload.k === 'fact') {
        emit('clocks', { incidentId: incident.idHex })
      } else if (payload.k === 'call') {
        emit('call', { incidentId: incident.idHex })
      } else if (payload.k === 'announce' || payload.k === 'drill' || payload.k === 'ack' || payload.k === 'got' || payload.k === 'reach' || payload.k === 'remind') {
        announced(incident, record)
        if (payload.k === 'drill' || payload.k === 'reach') teamChanged(incident, record)
        const refs = payload.k === 'announce' || payload.k === 'drill' ? [[fromHex(record.authorHex), record.seq] as const] : payload.k === 'got' ? payload.r : [payload.r]
        const what = ANNOUNCEMENT_NEWS[payload.k]
        for (const [key, seq] of refs) emit('announcement', { incidentId: incident.idHex, id: messageId(peerIdOf(key), seq), what })
      }
      else if (payload.k === 'bkey' || payload.k === 'bulletin') emit('bulletin', { incidentId: incident.idHex })
      else if (payload.k === 'activate' || payload.k === 'playbook') teamChanged(incident, record)
      else if (payload.k === 'thread' || payload.k === 'pmsg') emit('conversation', { incidentId: incident.idHex, threadId: toHex(payload.i) })
      // An edit of, or reaction to, a deleted message changes nothing anyone sees: no event. A
      // checkpoint changes nothing on screen either (the record's export and report read them);
      // a purge says so once carried out (`purged` below).
      else if (payload.k !== 'ckpt' && payload.k !== 'purge' && (payload.k === 'delete' || !isDeleted(incident.records, payload.r))) {
        emit('message-changed', { incidentId: incident.idHex, id: messageId(peerIdOf(payload.r[0]), payload.r[1]) })
      }
    },
    pending: (incident, record) => {
      const message = newMessage(incident, record, true)
      if (message !== undefined) emit('message', { incidentId: incident.idHex, message })
    },
    fork: (incident, authorHex, seq) => {
      stats.forks++
      emit('fork', { incidentId: incident.idHex, author: peerIdOf(fromHex(authorHex)), seq })
    },
    workspace: (incident) => emit('workspace', { incidentId: incident.idHex }),
    // The search index drops purged messages itself (they no longer count); purged files' chunks go.
    purged: (incident, deleted, filled, chunks) => {
      if (chunks.length > 0) chunksPurged(chunks)
      emit('retention', { incidentId: incident.idHex, purged: deleted + filled })
      emit('files', { incidentId: incident.idHex })
    },
    written: publish,
    unapplied: (_incident, reason) => { stats.drop('incident', reason) },
    quota: (incident, { authorHex, limit, refused, alert }) => {
      stats.drop('quota', limit, refused)
      const member = incident.state.members.get(authorHex)
      if (alert) emit('quota', { incidentId: incident.idHex, author: member?.peerId ?? authorHex, name: member?.name ?? 'unknown', what: 'entries', limit, refused })
    },
    roster: (incident) => {
      rosterChanged(incident)
      emit('roster', { incidentId: incident.idHex })
    },
    files: (incident) => {
      filesChanged(incident)
      emit('files', { incidentId: incident.idHex })
    }
  }
}
