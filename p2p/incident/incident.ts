// One incident as this device holds it, and every change to it. The roster book, intake, applier
// and standing (which stored entries count) do the work; this facade owns the store writes and the
// per-incident queue, so gossip, sync and local writes never interleave, and every change is
// handed to the store before it is applied in memory or reported (docs/ARCHITECTURE.md, "One incident").
import { toHex, fromHex } from '../codec/bytes.js'
import { JoinRefusedError, NotAuthorizedError } from '../errors.js'
import type { DeviceIdentity } from '../identity/identity.js'
import { createEntry, type Entry } from '../log/entry.js'
import { encodePayload, type PayloadInput } from '../log/payload.js'
import { nextLamport, type Verdict } from '../log/validate.js'
import type { Role } from '../membership/roles.js'
import type { DropReason } from '../membership/roster-admission.js'
import { decodeRosterOp, type RosterOp } from '../membership/roster-op.js'
import type { Epoch, RosterState } from '../membership/roster-state.js'
import type { IncidentRecord, Store } from '../storage/store.js'
import type { Workspace } from '../workspace/workspace.js'
import { requireWriter, type Applied, type ApplyMode } from './applier.js'
import type { IncidentListener } from './incident-listener.js'
import { IncidentView } from './incident-view.js'
import { EntryIntake } from './intake.js'
import { MemberQuota } from './quota.js'
import { checkWithQuota } from './quota-intake.js'
import { ReceiveBatches } from './receive-batches.js'
import { SerialQueue } from './serial-queue.js'
import { indexKind, LoadIndex } from './load-index.js'
import { before, Retention } from './retention.js'
import { recordApplied, type RecordParts } from './record-applied.js'
import { genesisOp, type OwnOpBody, type RosterKind } from './roster-book.js'
import { RosterWrites } from './roster-writes.js'
import { SnapshotWriter } from './snapshots.js'
import { Standing } from './standing.js'
import { replayStored, type ReplayHost } from './stored-replay.js'

export type { IncidentListener } from './incident-listener.js'

export class Incident extends IncidentView {
  private readonly intake = new EntryIntake()
  /** Per-member rate and size limits on received entries (the node sets its limits). */
  readonly quota = new MemberQuota()
  private readonly queue = new SerialQueue()
  private readonly receiving = new ReceiveBatches(async task => await this.queue.run(task), async entries => await this.receiveNow(entries))
  private readonly standing: Standing
  private readonly snapshots: SnapshotWriter
  private readonly index: LoadIndex
  private readonly retention: Retention
  private readonly rosterWrites: RosterWrites
  /** What applying a stored entry reports to (record-applied.ts); built once, as every entry passes there. */
  private readonly recordParts: RecordParts

  private constructor (store: Store, me: DeviceIdentity, private readonly listener: IncidentListener, record: IncidentRecord) {
    super(store, me, record)
    this.index = new LoadIndex(store, this.idHex, this.logs)
    this.snapshots = new SnapshotWriter(store, this.idHex, this.applier, this.logs, this.index)
    this.standing = new Standing(this.id, store, {
      logs: this.logs,
      roster: () => this.roster.logRoster,
      appendOwn: async (payload) => await this.appendNow(payload, 'live'),
      rebuildWorkspace: async () => await this.rebuildWorkspace(),
      reportFork: (authorHex, seq) => this.listener.fork(this, authorHex, seq)
    })
    this.retention = new Retention({
      idHex: this.idHex, store, logs: this.logs, applier: this.applier, held: () => this.settings.hold,
      purged: (deleted, filled, chunks) => this.listener.purged?.(this, deleted, filled, chunks),
      refused: () => this.listener.unapplied(this, 'not-purgeable')
    })
    this.rosterWrites = new RosterWrites({
      idHex: this.idHex, store, roster: this.roster, logs: this.logs,
      changed: async () => { await this.standing.rejudge(); this.listener.roster(this) }
    })
    this.recordParts = { incident: this, applier: this.applier, standing: this.standing, retention: this.retention, listener }
  }

  /** A new incident (or team) with this device as its first admin. */
  static async create (store: Store, me: DeviceIdentity, listener: IncidentListener, title: string, name: string, kind?: RosterKind): Promise<Incident> {
    const genesis = genesisOp(me, title, name, kind)
    const record = { id: toHex(genesis.body.i), genesis: genesis.hashHex, title, joinedAt: Date.now() }
    await store.putIncident(record, [genesis])
    const incident = new Incident(store, me, listener, record)
    incident.roster.adopt([genesis])
    return incident
  }

  /**
   * An incident we were admitted to: `ops` is the roster the admin sent (already decoded). With
   * `onlyAs` (a relay node joins only as a relay), any other role is refused before anything is
   * stored.
   */
  static async joined (store: Store, me: DeviceIdentity, listener: IncidentListener, id: Uint8Array, ops: RosterOp[], onlyAs?: Role): Promise<Incident> {
    const genesis = ops.find(op => op.body.k === 'genesis' && op.body.p.length === 0 && toHex(op.body.i) === toHex(id))
    if (genesis === undefined || genesis.body.k !== 'genesis') throw new NotAuthorizedError('the roster sent on join has no genesis for this incident')
    const record = { id: toHex(id), genesis: genesis.hashHex, title: genesis.body.d.title, joinedAt: Date.now() }
    const incident = new Incident(store, me, listener, record)
    incident.roster.adopt(ops)
    const role = incident.state.members.get(toHex(me.signer.publicKey))?.role
    if (role === undefined) throw new NotAuthorizedError('the roster sent on join does not admit this device')
    if (onlyAs !== undefined && role !== onlyAs) {
      // Final for the joiner (a refusal), unlike a welcome that does not admit us (a fake admin's garbage).
      throw new JoinRefusedError('wrong-role', `the invite admitted this device as ${role}, not ${onlyAs}; nothing was kept here: ask an admin to remove ${me.peerId} and send a ${onlyAs} invite`)
    }
    await store.putIncident(record, incident.rosterOps)
    return incident
  }

  static async load (store: Store, me: DeviceIdentity, listener: IncidentListener, record: IncidentRecord): Promise<Incident> {
    const incident = new Incident(store, me, listener, record)
    incident.roster.adopt((await store.rosterOps(record.id)).map(wire => decodeRosterOp(wire)))
    const snapshot = await store.getSnapshot(record.id)
    const covered = new Map(snapshot?.vv ?? [])
    if (snapshot !== undefined) incident.workspace.loadSnapshot(snapshot.state)
    await replayStored(incident.replayHost(), covered)
    incident.standing.judgeLoaded()
    incident.applier.finishReplay()
    await incident.retention.settle()
    // A snapshot taken before an update in it stopped counting (or by an older version) is stale.
    if (incident.logs.hiddenWorkspaceWithin(covered)) await incident.rebuildWorkspace()
    return incident
  }

  /** Stores and applies the new roster ops we keep (roster-admission.ts); says why others were dropped. */
  async addRosterOps (ops: RosterOp[]): Promise<{ added: number, dropped: DropReason[] }> {
    return await this.queue.run(async () => await this.rosterWrites.add(ops))
  }

  /** Authors, stores and applies a roster op; `precondition` runs in the queue, so it cannot race. */
  async authorRosterOp (body: OwnOpBody, precondition?: (state: RosterState) => void): Promise<RosterOp> {
    return await this.queue.run(async () => await this.rosterWrites.author(body, precondition))
  }

  /**
   * Replaces the epoch key; with `removeKeyHex`, removes that member first, so it never gets the
   * new key. `onlyIf` is judged in the incident's queue, after any change already under way.
   */
  async rotate (removeKeyHex?: string, onlyIf?: (state: RosterState) => boolean): Promise<Epoch> {
    return await this.queue.run(async () => await this.rosterWrites.rotate(removeKeyHex, onlyIf))
  }

  /** Validates entries (gossip or sync), stores the accepted ones, then applies them (with others waiting, see receive-batches.ts). */
  async receive (entries: Entry[]): Promise<Verdict[]> { return await this.receiving.add(entries) }

  /** Writes a new entry of ours: stored (synced to disk) before it is returned. */
  async append (payload: PayloadInput): Promise<Entry> {
    return await this.queue.run(async () => await this.appendNow(payload, 'live'))
  }

  /** A local workspace change, logged as an entry (undefined if nothing changed); `change` may throw first. */
  async changeWorkspace (change: (ws: Workspace) => void): Promise<Entry | undefined> {
    return await this.queue.run(async () => {
      requireWriter(this.state, this.myKeyHex, 'ydoc')
      const update = this.workspace.change(change)
      if (update === undefined) return undefined
      const entry = await this.appendNow({ k: 'ydoc', u: update }, 'local-applied')
      await this.snapshots.maybe()
      return entry
    })
  }

  /** A front-end replica's update under `clientId` (our slot), logged as our entry; refused under any other. */
  async applyReplicaUpdate (update: Uint8Array, clientId: number, origin: unknown): Promise<Entry> {
    return await this.queue.run(async () => {
      requireWriter(this.state, this.myKeyHex, 'ydoc')
      if (!this.workspace.applyRemote(update, new Set([clientId]), origin)) throw new NotAuthorizedError('a replica update may insert only under its own clientID')
      return await this.appendNow({ k: 'ydoc', u: update }, 'local-applied')
    })
  }

  /** Saves a workspace snapshot now if anything changed since the last one (e.g. at shutdown). */
  async saveSnapshot (): Promise<void> { await this.queue.run(async () => { await this.snapshots.saveIfStale() }) }

  /** Stored entries of an author from `fromSeq` and the seq to go on from (incident/retention.ts `served`). */
  async storedEntries (authorHex: string, fromSeq: number, limit: number): Promise<{ wires: Uint8Array[], next: number }> {
    return await this.retention.served(authorHex, fromSeq, limit)
  }

  /** Fills in purged runs a member's summary says its log goes past (incident/retention.ts). */
  async fillPurged (theirs: ReadonlyMap<string, number>): Promise<void> {
    if (this.retention.wouldFill(theirs)) await this.queue.run(async () => await this.retention.fill(theirs))
  }

  /** The version vector for a catch-up pull (see Standing.pullVector). */
  pullVector (probeHeads: boolean): Map<string, number> { return this.standing.pullVector(probeHeads) }

  /** Whether pulls are tracing a fork below its first sign (Standing): they must go on even where summaries agree. */
  get tracingFork (): boolean { return this.standing.tracingFork }

  /** Resolves when every queued change has been applied and written to the store. */
  async idle (): Promise<void> { await this.queue.idle(); await this.store.flush() }

  private async appendNow (payload: PayloadInput, mode: 'live' | 'local-applied'): Promise<Entry> {
    requireWriter(this.state, this.myKeyHex, payload.k)
    const { epochId, key } = this.writingKey()
    const view = this.logs.view(this.myKeyHex)
    const entry = createEntry(this.me.signer, {
      incidentId: this.id, seq: view.headSeq + 1, prev: view.headHashHex === undefined ? new Uint8Array(0) : fromHex(view.headHashHex),
      lamport: nextLamport(this.logs.lamport, view.headLamport ?? this.logs.lamport), ts: Date.now(), epochId, epochKey: key, plaintext: encodePayload(payload)
    })
    await this.store.putEntries(this.idHex, [entry], true)
    this.quota.count(entry.authorHex, entry.wire.byteLength)
    this.commit(entry, mode)
    this.listener.written(this, entry)
    await this.retention.settle()
    await this.snapshots.maybe()
    return entry
  }

  private async receiveNow (entries: Entry[]): Promise<Verdict[]> {
    await this.retention.fill(before(entries))
    const { verdicts, accepted, forks, held } = checkWithQuota(this.quota, entries, author => this.logs.headSeq(author),
      seen => this.intake.check(seen, this.logs.withForks(this.roster.logRoster), this.logs))
    for (const record of held.map(entry => this.keepPending(entry))) if (record !== undefined) this.listener.pending?.(this, record)
    for (const report of this.quota.takeReports()) this.listener.quota(this, report)
    if (accepted.length > 0) {
      await this.store.putEntries(this.idHex, accepted, false)
      const commitAll = (): void => { for (const entry of accepted) this.commit(entry, 'live') }
      if (accepted.length > 1) this.workspace.together(commitAll)
      else commitAll()
      await this.retention.settle()
      await this.snapshots.maybe()
    }
    const filled = await this.retention.adopt(held)
    const next = this.intake.releaseOf([...accepted.map(e => e.authorHex), ...filled], this.logs)
    if (next.length > 0) await this.receiveNow(next)
    await this.standing.prove(forks)
    return verdicts
  }

  private commit (entry: Entry, mode: 'live' | 'local-applied'): void {
    this.logs.append(entry)
    this.index.note(entry, indexKind(this.record(entry, mode), entry, this.logs), this.roster.epochKey(entry.body.e))
  }

  private replayHost (): ReplayHost {
    const { idHex, store, logs, quota, roster, applier, index } = this
    return { idHex, store, logs, quota, roster, applier, index, record: (entry, mode) => this.record(entry, mode) }
  }

  private async rebuildWorkspace (): Promise<void> {
    await this.applier.rebuild(this.store.entries(this.idHex))
    await this.snapshots.write()
    this.listener.workspace(this)
  }

  /** Applies a stored entry and reports what changed (record-applied.ts). */
  private record (entry: Entry, mode: ApplyMode): Applied { return recordApplied(this.recordParts, entry, mode) }
}
