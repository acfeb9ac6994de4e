// One incident as this device holds it, and every change to it. The roster book folds the roster
// and opens epoch keys, the intake judges received entries, the applier turns stored entries into
// chat records and workspace state (IncidentView reads them); this facade owns the store writes
// and the per-incident queue, so gossip, sync and local writes never interleave, and every change
// is stored before it is applied in memory or reported.
import { toHex, fromHex } from '../codec/bytes.js'
import { NotAuthorizedError, NotFoundError } from '../errors.js'
import type { DeviceIdentity } from '../identity/identity.js'
import { createEntry, decodeEntry, type Entry } from '../log/entry.js'
import { encodePayload, type PayloadInput } from '../log/payload.js'
import type { Verdict } from '../log/validate.js'
import type { DropReason } from '../membership/roster-admission.js'
import { decodeRosterOp, type RosterOp } from '../membership/roster-op.js'
import type { Epoch, RosterState } from '../membership/roster-state.js'
import type { IncidentRecord, Store } from '../storage/store.js'
import type { PayloadRecord } from '../chat/chat-view.js'
import type { Workspace } from '../workspace/workspace.js'
import { roleMayWrite, type ApplyMode, type UnappliedReason } from './applier.js'
import { IncidentView } from './incident-view.js'
import { EntryIntake } from './intake.js'
import { genesisOp, type OwnOpBody } from './roster-book.js'

export interface IncidentListener {
  payload(incident: Incident, record: PayloadRecord): void
  fork(incident: Incident, authorHex: string, seq: number): void
  roster(incident: Incident): void
  workspace(incident: Incident): void
  /** An entry of ours was stored: time to publish it. */
  written(incident: Incident, entry: Entry): void
  /** A stored entry whose payload was left out: no key to read it, or its author's role forbids it. */
  unapplied(incident: Incident, reason: UnappliedReason): void
}

export class Incident extends IncidentView {
  private readonly intake = new EntryIntake()
  private queue: Promise<unknown> = Promise.resolve()

  private constructor (
    private readonly store: Store,
    me: DeviceIdentity,
    private readonly listener: IncidentListener,
    record: IncidentRecord
  ) {
    super(me, record)
  }

  /** A new incident with this device as its first admin. */
  static async create (store: Store, me: DeviceIdentity, listener: IncidentListener, title: string, name: string): Promise<Incident> {
    const genesis = genesisOp(me, title, name)
    const record = { id: toHex(genesis.body.i), genesis: genesis.hashHex, title, joinedAt: Date.now() }
    await store.putIncident(record, [genesis])
    const incident = new Incident(store, me, listener, record)
    incident.roster.adopt([genesis])
    return incident
  }

  /** An incident we were admitted to: `ops` is the roster the admin sent (already decoded). */
  static async joined (store: Store, me: DeviceIdentity, listener: IncidentListener, id: Uint8Array, ops: RosterOp[]): Promise<Incident> {
    const genesis = ops.find(op => op.body.k === 'genesis' && op.body.p.length === 0 && toHex(op.body.i) === toHex(id))
    if (genesis === undefined || genesis.body.k !== 'genesis') throw new NotAuthorizedError('the roster sent on join has no genesis for this incident')
    const record = { id: toHex(id), genesis: genesis.hashHex, title: genesis.body.d.title, joinedAt: Date.now() }
    const incident = new Incident(store, me, listener, record)
    incident.roster.adopt(ops)
    if (!incident.state.members.has(toHex(me.signer.publicKey))) throw new NotAuthorizedError('the roster sent on join does not admit this device')
    await store.putIncident(record, incident.rosterOps)
    return incident
  }

  static async load (store: Store, me: DeviceIdentity, listener: IncidentListener, record: IncidentRecord): Promise<Incident> {
    const incident = new Incident(store, me, listener, record)
    incident.roster.adopt((await store.rosterOps(record.id)).map(wire => decodeRosterOp(wire)))
    const snapshot = await store.getSnapshot(record.id)
    const covered = new Map(snapshot?.vv ?? [])
    if (snapshot !== undefined) incident.workspace.loadSnapshot(snapshot.state)
    for await (const { wire } of store.entries(record.id)) {
      // Stored entries were validated on the way in: skip the signature check on start-up.
      const entry = decodeEntry(wire, { verify: false })
      incident.logs.append(entry.authorHex, entry.hashHex)
      incident.lamport = Math.max(incident.lamport, entry.body.l)
      incident.record(entry, entry.body.s <= (covered.get(entry.authorHex) ?? 0) ? 'covered' : 'replay')
    }
    incident.applier.finishReplay()
    return incident
  }

  /** Stores and applies the new roster ops we keep (roster-admission.ts); says why others were dropped. */
  async addRosterOps (ops: RosterOp[]): Promise<{ added: number, dropped: DropReason[] }> {
    return await this.serial(async () => {
      const fresh = this.roster.freshOf(ops)
      if (fresh.length === 0) return { added: 0, dropped: [] }
      const admission = this.roster.admit(fresh)
      if (admission.kept.length > 0) await this.store.putRosterOps(this.idHex, [...admission.kept])
      this.roster.commit(admission)
      if (admission.kept.length > 0) this.listener.roster(this)
      return { added: admission.kept.length, dropped: admission.dropped.map(d => d.reason) }
    })
  }

  /**
   * Creates, stores and applies a roster op authored by this device. `precondition` runs in the
   * incident's queue right before, so checks like an invite's remaining uses cannot race.
   */
  async authorRosterOp (body: OwnOpBody, precondition?: (state: RosterState) => void): Promise<RosterOp> {
    return await this.serial(async () => {
      precondition?.(this.state)
      const op = await this.authorNow(body)
      this.listener.roster(this)
      return op
    })
  }

  /**
   * Replaces the epoch key, sealed to every current member; with `removeKeyHex`, first removes
   * that member, in the same step, so the removed member never receives the new key.
   */
  async rotate (removeKeyHex?: string): Promise<Epoch> {
    return await this.serial(async () => {
      if (removeKeyHex !== undefined) {
        const member = this.state.members.get(removeKeyHex)
        if (member === undefined) throw new NotFoundError('not a member of this incident')
        await this.authorNow({ k: 'remove', d: { m: member.publicKey, s: this.logs.headSeq(removeKeyHex) } })
      }
      await this.authorNow(this.roster.rotationBody())
      this.listener.roster(this)
      return this.state.currentEpoch as Epoch
    })
  }

  private async authorNow (body: OwnOpBody): Promise<RosterOp> {
    const { op, admission } = this.roster.draft(body)
    await this.store.putRosterOps(this.idHex, [op])
    this.roster.commit(admission)
    return op
  }

  /** Validates entries (gossip or sync), stores the accepted ones, then applies them. */
  async receive (entries: Entry[]): Promise<Verdict[]> {
    return await this.serial(async () => await this.receiveNow(entries))
  }

  /** Writes a new entry of ours: stored (synced to disk) before it is returned. */
  async append (payload: PayloadInput): Promise<Entry> {
    return await this.serial(async () => await this.appendNow(payload, 'live'))
  }

  /**
   * Makes a local workspace change and logs it as an entry; undefined if nothing changed.
   * `change` may throw (e.g. NotFoundError) before anything is written.
   */
  async changeWorkspace (change: (ws: Workspace) => void): Promise<Entry | undefined> {
    return await this.serial(async () => {
      this.requireWriter({ k: 'ydoc', u: new Uint8Array(0) })
      const update = this.workspace.change(change)
      if (update === undefined) return undefined
      const entry = await this.appendNow({ k: 'ydoc', u: update }, 'local-applied')
      await this.maybeSnapshot()
      return entry
    })
  }

  /**
   * Applies an update made by a front-end replica writing under `clientId` (a slot this device
   * owns) and logs it as our entry. Refused if it inserts under any other clientID.
   */
  async applyReplicaUpdate (update: Uint8Array, clientId: number, origin: unknown): Promise<Entry> {
    return await this.serial(async () => {
      this.requireWriter({ k: 'ydoc', u: update })
      if (!this.workspace.applyRemote(update, new Set([clientId]), origin)) throw new NotAuthorizedError('a replica update may insert only under its own clientID')
      return await this.appendNow({ k: 'ydoc', u: update }, 'local-applied')
    })
  }

  /** Saves a workspace snapshot now if anything changed since the last one (e.g. at shutdown). */
  async saveSnapshot (): Promise<void> {
    await this.serial(async () => {
      if (this.applier.snapshotStale()) await this.writeSnapshot()
    })
  }

  async storedEntries (authorHex: string, fromSeq: number, limit: number): Promise<Uint8Array[]> {
    return await this.store.entriesOf(this.idHex, authorHex, fromSeq, limit)
  }

  /** Resolves when every queued change has been stored and applied. */
  async idle (): Promise<void> { await this.queue }

  private async maybeSnapshot (): Promise<void> {
    if (this.applier.snapshotDue()) await this.writeSnapshot()
  }

  private async writeSnapshot (): Promise<void> {
    await this.store.putSnapshot(this.idHex, { vv: [...this.logs.versionVector()], state: this.applier.takeSnapshot() })
    this.applier.snapshotStored()
  }

  /** Observers read and acknowledge; chat and workspace writes are refused, here and by everyone. */
  private requireWriter (payload: PayloadInput): void {
    const role = this.state.members.get(this.myKeyHex)?.role
    if (role === undefined) throw new NotAuthorizedError('this device is not a member of the incident')
    if (!roleMayWrite(role, payload.k)) throw new NotAuthorizedError('observers can read but not post or edit')
  }

  private async appendNow (payload: PayloadInput, mode: 'live' | 'local-applied'): Promise<Entry> {
    this.requireWriter(payload)
    const { epochId, key } = this.writingKey()
    const view = this.logs.view(this.myKeyHex)
    const entry = createEntry(this.me.signer, {
      incidentId: this.id, seq: view.headSeq + 1, prev: view.headHashHex === undefined ? new Uint8Array(0) : fromHex(view.headHashHex),
      lamport: this.lamport + 1, ts: Date.now(), epochId, epochKey: key, plaintext: encodePayload(payload)
    })
    await this.store.putEntries(this.idHex, [entry], true)
    this.commit(entry, mode)
    this.listener.written(this, entry)
    return entry
  }

  private async receiveNow (entries: Entry[]): Promise<Verdict[]> {
    const { verdicts, accepted, forks } = this.intake.check(entries, this.roster.logRoster, this.logs)
    for (const entry of forks) this.listener.fork(this, entry.authorHex, entry.body.s)
    if (accepted.length > 0) {
      await this.store.putEntries(this.idHex, accepted, false)
      for (const entry of accepted) this.commit(entry, 'live')
      await this.maybeSnapshot()
      const next = this.intake.release(accepted, this.logs)
      if (next.length > 0) await this.receiveNow(next)
    }
    return verdicts
  }

  private commit (entry: Entry, mode: 'live' | 'local-applied'): void {
    this.logs.append(entry.authorHex, entry.hashHex)
    this.lamport = Math.max(this.lamport, entry.body.l)
    this.record(entry, mode)
  }

  /** Applies a stored entry and reports what changed (only when live, except what was left out). */
  private record (entry: Entry, mode: ApplyMode): void {
    const applied = this.applier.apply(entry, mode)
    if (applied.kind === 'unapplied') this.listener.unapplied(this, applied.reason)
    if (mode !== 'live') return
    if (applied.kind === 'chat') this.listener.payload(this, applied.record)
    else if (applied.kind === 'workspace') this.listener.workspace(this)
  }

  private async serial<T> (task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task, task)
    this.queue = run.catch(() => undefined)
    return await run
  }
}
