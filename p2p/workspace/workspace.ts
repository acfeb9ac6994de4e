// One incident's workspace: a Y.Doc holding the timeline, notes and tasks. Local changes come out
// as Yjs updates (which the incident signs, encrypts and logs); remote updates go in only if they
// insert under their signer's clientID alone. The document can be started again from nothing
// (`reset`) when updates it holds stop counting; listeners added here follow it across resets.
// A snapshot loaded at start-up goes into the document when it is first read, so a node is ready
// before a large workspace is built (the chat and the logs do not need it).
import { createHash } from 'node:crypto'
import * as Y from 'yjs'
import { listNotes, noteTextName } from '../api/notes-shape.js'
import { TASKS, TIMELINE } from './schema.js'

const LOCAL = Symbol('local change')
/** The loaded snapshot going in: content the node had all along, so listeners are not told. */
const SNAPSHOT = Symbol('snapshot applied')

type UpdateListener = (update: Uint8Array, origin: unknown) => void

/** A listener's predicate; one that throws counts as wanting (see newDoc). */
function asks (wanted: () => boolean): boolean {
  try { return wanted() } catch { return true }
}

export class Workspace {
  /** Updates applied since the last snapshot (the incident snapshots every so often). */
  appliedSinceSnapshot = 0

  private current: Y.Doc
  /** A snapshot loaded but not yet applied (`doc` applies it first). */
  private unread: Uint8Array | undefined
  private cachedHash: Uint8Array | undefined
  /** Each listener with whether it wants updates now. */
  private readonly updateListeners = new Map<UpdateListener, () => boolean>()
  private readonly resetListeners = new Set<() => void>()

  constructor (readonly clientId: number) {
    this.current = this.newDoc()
  }

  /** The document now; a reset replaces it, so hold the workspace, not the document. */
  get doc (): Y.Doc {
    const state = this.unread
    if (state !== undefined) {
      this.unread = undefined
      this.asLoader(() => Y.applyUpdate(this.current, state), SNAPSHOT)
    }
    return this.current
  }

  /**
   * Every update applied to the document, across resets, while `wanted` says so: Yjs encodes a
   * transaction's update only if someone will take it, so a catch-up with no editor open skips it.
   */
  onUpdate (listener: UpdateListener, wanted: () => boolean = () => true): () => void {
    this.updateListeners.set(listener, wanted)
    return () => this.updateListeners.delete(listener)
  }

  /** Called after each reset (the content before it is gone: replicas must start over). */
  onReset (listener: () => void): () => void {
    this.resetListeners.add(listener)
    return () => this.resetListeners.delete(listener)
  }

  /** Replaces the document with an empty one (then the caller replays what still counts). */
  reset (): void {
    const old = this.current
    this.unread = undefined
    this.current = this.newDoc()
    this.cachedHash = undefined
    this.appliedSinceSnapshot = 0
    old.destroy()
    for (const listener of this.resetListeners) listener()
  }

  private newDoc (): Y.Doc {
    const doc = new Y.Doc({ gc: true })
    doc.clientID = this.clientId
    const forward = (update: Uint8Array, origin: unknown): void => {
      for (const [listener, wanted] of this.updateListeners) if (asks(wanted)) listener(update, origin)
    }
    // Yjs encodes the update at the end of a transaction only if the document has an 'update'
    // observer: ours is attached for the transactions some listener wants (never a snapshot
    // load), decided as each one starts (a listener that starts wanting mid-transaction hears the
    // next one). Yjs runs this outside its try block, so a throwing predicate counts as wanting
    // rather than wedging it.
    doc.on('beforeTransaction', (transaction: Y.Transaction) => {
      const wanted = transaction.origin !== SNAPSHOT && [...this.updateListeners.values()].some(asks)
      if (wanted) doc.on('update', forward)
      else doc.off('update', forward)
    })
    doc.on('afterTransaction', () => { this.cachedHash = undefined })
    return doc
  }

  /**
   * A hash of the document's state: its Yjs snapshot (state vector and delete set, both encoded
   * in sorted order), which is identical on replicas that integrated the same updates and costs
   * O(clients + deletions) rather than a walk over the whole content. Cached until the next change.
   */
  contentHash (): Uint8Array {
    this.cachedHash ??= new Uint8Array(createHash('sha256').update(Y.encodeSnapshot(Y.snapshot(this.doc))).digest())
    return this.cachedHash
  }

  get timelineMap (): Y.Map<Y.Map<unknown>> { return this.doc.getMap(TIMELINE) }
  noteText (key: string): Y.Text { return this.doc.getText(noteTextName(key)) }
  get tasksMap (): Y.Map<Y.Map<unknown>> { return this.doc.getMap(TASKS) }

  /** Runs `change` as one local transaction; returns its update, or undefined if nothing changed. */
  change (change: (ws: Workspace) => void): Uint8Array | undefined {
    let update: Uint8Array | undefined
    const capture = (u: Uint8Array, origin: unknown) => { if (origin === LOCAL) update = u }
    this.doc.on('update', capture)
    try {
      this.doc.transact(() => change(this), LOCAL)
    } finally {
      this.doc.off('update', capture)
    }
    if (update !== undefined) this.appliedSinceSnapshot++
    return update
  }

  /**
   * Applies an update signed by the author who owns `owned` clientIDs. Refused (false) if it
   * inserts under any other clientID or does not parse; deletions are allowed, since the entry
   * carrying them is signed and so attributable. `origin` tells observers where it came from.
   */
  applyRemote (update: Uint8Array, owned: ReadonlySet<number>, origin: unknown = 'remote'): boolean {
    if (!insertsOnlyUnder(update, owned)) return false
    try {
      Y.applyUpdate(this.doc, update, origin)
    } catch {
      return false
    }
    this.appliedSinceSnapshot++
    return true
  }

  /**
   * Runs `apply` (which applies remote updates) as one Yjs transaction: a batch from sync pays
   * Yjs's per-transaction clean-up and update event once, not per update. Under the loader's
   * placeholder clientID, as our own updates may come back in it (a store restored from backup).
   */
  together (apply: () => void): void {
    this.asLoader(apply, 'remote')
  }

  /**
   * Re-applies stored updates on start-up, in Lamport order so each update's dependencies come
   * first. Returns how many were refused by the clientID rule.
   */
  replay (updates: Array<{ update: Uint8Array, owned: ReadonlySet<number>, lamport: number, authorHex: string }>): number {
    let refused = 0
    if (updates.length === 0) return refused
    updates.sort((a, b) => a.lamport - b.lamport || (a.authorHex < b.authorHex ? -1 : a.authorHex > b.authorHex ? 1 : 0))
    this.asLoader(() => {
      for (const u of updates) {
        if (!this.applyRemote(u.update, u.owned)) refused++
      }
    })
    return refused
  }

  /**
   * Applying an update is always a remote transaction in Yjs, and one that advances our own
   * clientID looks like another device using it: Yjs would then switch to a random id for good.
   * Our stable id only labels new local edits, so while loading our own history we hold a
   * placeholder id and restore ours afterwards.
   */
  private asLoader (load: () => void, origin: unknown = 'load'): void {
    const doc = this.doc
    doc.clientID = (this.clientId ^ 0x5a5a5a5a) >>> 0
    try {
      doc.transact(load, origin)
    } finally {
      doc.clientID = this.clientId
    }
  }

  snapshot (): Uint8Array {
    this.appliedSinceSnapshot = 0
    return Y.encodeStateAsUpdate(this.doc)
  }

  /** Loads a snapshot we made, into a document nothing has read yet: applied at the first read. */
  loadSnapshot (state: Uint8Array): void {
    if (this.unread !== undefined) throw new Error('a snapshot is already waiting to be applied')
    this.unread = state
  }

  /** The content as canonical JSON (sorted keys), so converged replicas give identical text. */
  canonicalJson (): string {
    return JSON.stringify(sortKeys({
      timeline: this.timelineMap.toJSON(),
      notes: Object.fromEntries(listNotes(this.doc).map(({ key, name }) => [key, { name, text: this.noteText(key).toString() }])),
      tasks: this.tasksMap.toJSON()
    }))
  }
}

function sortKeys (value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys)
  if (value !== null && typeof value === 'object' && !(value instanceof Uint8Array)) {
    return Object.fromEntries(Object.keys(value).sort().map(k => [k, sortKeys((value as Record<string, unknown>)[k])]))
  }
  return value
}

/** Whether every struct an update inserts carries one of the `owned` clientIDs. */
export function insertsOnlyUnder (update: Uint8Array, owned: ReadonlySet<number>): boolean {
  try {
    for (const client of Y.parseUpdateMeta(update).from.keys()) if (!owned.has(client)) return false
    return true
  } catch {
    return false
  }
}

/** The clientID that created a nested map (its author), from the Yjs item that holds it. */
export function creatorClientId (map: { _item: { id: { client: number } } | null }): number | undefined {
  return map._item?.id.client
}
