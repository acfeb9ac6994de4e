// `search`: what this device can read of an incident, as search documents (search/search-index.ts),
// indexed once per incident and brought up to date when anything in it changed since the last search.
import type { Params, Result } from '../api/types.js'
import { toHex } from '../codec/bytes.js'
import { fileView } from '../files/file-view.js'
import type { Incident } from '../incident/incident.js'
import { SearchIndex, type SearchDoc, type SearchKind } from '../search/search-index.js'
import { readNote, readNotes, readTasks, readTimeline } from '../workspace/edits.js'
import { memberNames, UNKNOWN_NAME } from './member-names.js'
import { MessageSearchFeed } from './message-search.js'
import type { PrivateHandlers } from './private-handlers.js'

export const DEFAULT_SEARCH_LIMIT = 50

/** What this device reads of `incident` apart from the chat (message-search.ts), as documents. */
function documentsOf (incident: Incident, conversations: PrivateHandlers): SearchDoc[] {
  const names = memberNames(incident)
  const nameOf = (hex: string | undefined): string => hex === undefined ? UNKNOWN_NAME : names.get(hex) ?? UNKNOWN_NAME
  const byClient = (clientId: number | undefined): { author: string, name: string } => {
    const owner = incident.ownerOfClientId(clientId)
    return owner === undefined ? { author: '', name: UNKNOWN_NAME } : { author: owner.peerId, name: nameOf(toHex(owner.publicKey)) }
  }
  const docs: SearchDoc[] = []
  for (const line of conversations.privateLines(incident)) {
    docs.push({ kind: 'dm', id: `${line.author}:${line.seq}`, text: line.text, author: line.author, name: nameOf(line.authorHex), ts: line.ts, thread: line.threadId })
  }
  const ws = incident.workspace
  for (const item of readTimeline(ws)) {
    const at = Date.parse(item.occurredAt)
    docs.push({ kind: 'timeline', id: item.id, text: [item.text, item.source, ...item.tags].join(' '), ...byClient(item.authorClientId), ts: Number.isNaN(at) ? item.createdAt : at })
  }
  for (const name of readNotes(ws)) docs.push({ kind: 'note', id: name, text: `${name}\n${readNote(ws, name)}`, author: '', name: '', ts: 0 })
  for (const task of readTasks(ws)) docs.push({ kind: 'task', id: task.id, text: task.title, ...byClient(task.authorClientId), ts: task.createdAt })
  for (const file of fileView(incident.fileRecords)) {
    docs.push({ kind: 'file', id: file.id, text: [file.manifest.name, file.manifest.cap ?? ''].join(' '), author: file.author, name: nameOf(file.authorHex), ts: file.ts })
  }
  return docs
}

/** The kinds `documentsOf` gives, all held in memory (the chat's messages are fed apart). */
const IN_MEMORY_KINDS: readonly SearchKind[] = ['dm', 'timeline', 'note', 'task', 'file']

/** An incident's index, the version of the incident it reflects, and the refresh under way if any. */
interface HeldIndex { index: SearchIndex, messages: MessageSearchFeed, version: string, refresh?: Promise<void> | undefined }

export function searchHandler (incidentOf: (id: string) => Incident, conversations: PrivateHandlers): (params: Params<'search'>) => Promise<Result<'search'>> {
  const indexes = new WeakMap<Incident, HeldIndex>()
  /** Brings the index up to date: one refresh at a time per incident, the next search waits for it. */
  const refresh = async (incident: Incident, held: HeldIndex): Promise<void> => {
    // Every change an incident takes is an entry (chat, workspace, files, roster aside): the count says whether to look again.
    const version = `${incident.logs.count()}|${incident.heads.join()}`
    if (held.version === version) return
    held.index.update(documentsOf(incident, conversations), IN_MEMORY_KINDS)
    const names = memberNames(incident)
    await held.messages.refresh(incident, hex => names.get(hex) ?? UNKNOWN_NAME)
    held.version = version
  }
  return async ({ incidentId, query, limit }) => {
    const incident = incidentOf(incidentId)
    let held = indexes.get(incident)
    if (held === undefined) {
      const index = new SearchIndex()
      held = { index, messages: new MessageSearchFeed(index), version: '' }
      indexes.set(incident, held)
    }
    while (held.refresh !== undefined) await held.refresh
    held.refresh = refresh(incident, held).finally(() => { if (held !== undefined) held.refresh = undefined })
    await held.refresh
    return held.index.search(query, limit ?? DEFAULT_SEARCH_LIMIT)
  }
}
