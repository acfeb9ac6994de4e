// The page's live replica of an incident's workspace (the node's protocol is in
// p2p/workspace/replica-sessions.ts): attach gives a clientID slot and the full state; local
// edits go to the node as updates (workspaceApply), merged while one is in flight so typing
// makes few signed entries; other sessions' updates arrive as 'workspace-update' events; after a
// lost link the replica asks for what it missed (workspaceSync) and resends what it had queued.
import * as Y from 'yjs'
import { hasErrorCode } from '../../p2p/api/error-codes.js'
import { deleteNote, listNotes, NOTE_TITLES, noteTextName, NOTES, NOTES_DELETED, openNote, renameNote, type NoteRef } from '../../p2p/api/notes-shape.js'
import { call, on, onLinkState } from '../api.js'
import { fromBase64, toBase64 } from './base64.js'

/** Origin of changes that came from the node (never sent back). */
export const FROM_NODE = Symbol('from node')

export class WorkspaceReplica {
  readonly doc = new Y.Doc()
  private queue: Uint8Array[] = []
  private sending = false
  private closed = false
  private readonly offs: Array<() => void> = []

  private constructor (readonly incidentId: string, readonly sessionId: string, readonly clientId: number, state: string,
    private readonly onFatal: (err: Error) => void) {
    this.doc.clientID = clientId
    this.applyFromNode(fromBase64(state))
    this.offs.push(on('workspace-update', (e) => {
      if (e.incidentId === incidentId && e.session !== sessionId) this.applyFromNode(fromBase64(e.update))
    }))
    const onUpdate = (update: Uint8Array, origin: unknown): void => {
      if (origin === FROM_NODE) return
      this.queue.push(update)
      void this.flush()
    }
    this.doc.on('update', onUpdate)
    this.offs.push(() => this.doc.off('update', onUpdate))
    this.offs.push(onLinkState(s => { if (s === 'open') void this.resync() }))
  }

  static async attach (incidentId: string, onFatal: (err: Error) => void): Promise<WorkspaceReplica> {
    const { sessionId, clientId, update } = await call('workspaceAttach', { incidentId })
    return new WorkspaceReplica(incidentId, sessionId, clientId, update, onFatal)
  }

  /** Updates still to be sent to the node. */
  get unsent (): number { return this.queue.length + (this.sending ? 1 : 0) }

  /**
   * Applies an update from the node. Yjs treats a remote update that advances our own clientID as
   * a sign that another client uses it and would switch to a random id (whose edits the node then
   * refuses). Our slot may carry history from an earlier session (the initial state does), so such
   * an update is applied under a placeholder id and ours restored, as the node's own workspace does
   * when loading. Only then: while the id is swapped, the editor and awareness would take every
   * local change for a remote one.
   */
  private applyFromNode (update: Uint8Array): void {
    let ours = true
    try { ours = Y.parseUpdateMeta(update).from.has(this.clientId) } catch { /* let applyUpdate report it */ }
    if (!ours) {
      Y.applyUpdate(this.doc, update, FROM_NODE)
      return
    }
    this.doc.clientID = (this.clientId ^ 0x5a5a5a5a) >>> 0
    try {
      Y.applyUpdate(this.doc, update, FROM_NODE)
    } finally {
      this.doc.clientID = this.clientId
    }
  }

  private async flush (): Promise<void> {
    if (this.sending || this.queue.length === 0 || this.closed) return
    this.sending = true
    const update = this.queue.length === 1 ? this.queue[0] as Uint8Array : Y.mergeUpdates(this.queue)
    this.queue = []
    try {
      await call('workspaceApply', { incidentId: this.incidentId, sessionId: this.sessionId, update: toBase64(update) })
    } catch (err) {
      if (hasErrorCode(err, 'disconnected')) {
        this.queue.unshift(update) // resent by resync() once the link is back
      } else {
        this.onFatal(err instanceof Error ? err : new Error(String(err)))
      }
    } finally {
      this.sending = false
    }
    if (this.queue.length > 0 && !this.sending) void this.flush()
  }

  private async resync (): Promise<void> {
    if (this.closed) return
    try {
      const { update } = await call('workspaceSync', { incidentId: this.incidentId, stateVector: toBase64(Y.encodeStateVector(this.doc)) })
      this.applyFromNode(fromBase64(update))
      await this.flush()
    } catch { /* the next reconnect tries again */ }
  }

  /** The key of the note called `name`, created if there is none (notes-shape.ts has the rules). */
  createNote (name: string): string { return openNote(this.doc, name) }

  /** Throws a plain-worded error if another note has that name or the note is gone. */
  renameNote (key: string, name: string): void { renameNote(this.doc, key, name) }

  deleteNote (key: string): void { deleteNote(this.doc, key) }

  noteText (key: string): Y.Text { return this.doc.getText(noteTextName(key)) }

  notes (): NoteRef[] { return listNotes(this.doc) }

  /** Calls `listener` whenever the list of notes (names, deletions) may have changed. */
  watchNotes (listener: () => void): () => void {
    const maps = [NOTES, NOTE_TITLES, NOTES_DELETED].map(name => this.doc.getMap(name))
    for (const map of maps) map.observe(listener)
    return () => { for (const map of maps) map.unobserve(listener) }
  }

  async close (): Promise<void> {
    if (this.closed) return
    // Let queued edits reach the node before the session ends (bounded: the link may be down).
    for (let waited = 0; (this.sending || this.queue.length > 0) && waited < 3000; waited += 25) {
      void this.flush()
      await new Promise(resolve => setTimeout(resolve, 25))
    }
    this.closed = true
    for (const off of this.offs.splice(0)) off()
    await call('workspaceDetach', { incidentId: this.incidentId, sessionId: this.sessionId }).catch(() => undefined)
    this.doc.destroy()
  }
}
