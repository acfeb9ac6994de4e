// One incident as this device holds it: roster ops and their fold, the epoch keys we can open,
// every author's log index, and the decrypted payloads. All changes go through a per-incident
// queue so gossip, sync and local writes never interleave; every change is stored before it
// is applied in memory or reported.
import { randomBytes } from 'node:crypto'
import { toHex, fromHex } from '../codec/bytes.js'
import { DecryptionError, randomKey } from '../crypto/aead.js'
import { sha256 } from '../crypto/hash.js'
import { open, seal } from '../crypto/seal.js'
import { NotAuthorizedError, NotFoundError } from '../errors.js'
import type { DeviceIdentity } from '../identity/identity.js'
import { peerIdOf } from '../identity/peer-key.js'
import { createEntry, decodeEntry, decryptEntry, type Entry } from '../log/entry.js'
import { decodePayload, encodePayload, type PayloadInput } from '../log/payload.js'
import { validateEntry, type Verdict } from '../log/validate.js'
import type { Role } from '../membership/roles.js'
import { foldRoster, type FoldResult } from '../membership/roster-fold.js'
import { createRosterOp, decodeRosterOp, type RosterOp, type RosterOpBody } from '../membership/roster-op.js'
import { refusalReason, type Epoch, type Member, type RosterState } from '../membership/roster-state.js'
import type { IncidentRecord, Store } from '../storage/store.js'
import type { PayloadRecord } from '../chat/chat-view.js'
import { ownedClientIds, workspaceClientId } from '../workspace/client-id.js'
import { Workspace } from '../workspace/workspace.js'
import { AuthorLogs } from './author-logs.js'
import { epochKeyContext, topicFor } from './topic.js'

const MAX_PENDING_PER_AUTHOR = 1024
/**
 * And at most this many bytes of them: a member can sign entries far ahead of its own log (up to
 * 512 KiB each) that never become placeable, so a count alone would let it pin ~1 GiB here.
 */
const MAX_PENDING_BYTES_PER_AUTHOR = 4 * 1024 * 1024
const BAD_SIGNATURE: Verdict = { kind: 'reject', reason: 'bad-signature' }

/**
 * The accepted entries whose signatures hold. Accepted entries of one author form a run linked by
 * prev hashes (which cover body and signature) back to the author's stored head, so a valid
 * signature on a run's newest entry vouches for the whole run; only if it fails is each entry
 * checked, keeping the valid prefix.
 */
function authenticateRuns (accepted: Entry[]): Set<Entry> {
  const runs = new Map<string, Entry[]>()
  for (const entry of accepted) {
    const run = runs.get(entry.authorHex)
    if (run === undefined) runs.set(entry.authorHex, [entry])
    else run.push(entry)
  }
  const ok = new Set<Entry>()
  for (const run of runs.values()) {
    const newest = run[run.length - 1] as Entry
    if (newest.verified || newest.checkSignature()) {
      for (const entry of run) ok.add(entry)
      continue
    }
    for (const entry of run) {
      if (!entry.verified && !entry.checkSignature()) break
      ok.add(entry)
    }
  }
  return ok
}

/** Payload kinds an observer may not write. */
const OBSERVER_REFUSED = new Set(['msg', 'edit', 'delete', 'react', 'ydoc'])
/**
 * Snapshot the workspace after this many updates and at least this long after the last one (and
 * at shutdown), so start-up replays only a short tail while a big catch-up does not re-encode a
 * growing document over and over.
 */
const SNAPSHOT_EVERY = 500
const SNAPSHOT_MIN_INTERVAL_MS = 10_000

export interface IncidentListener {
  payload(incident: Incident, record: PayloadRecord): void
  fork(incident: Incident, authorHex: string, seq: number): void
  roster(incident: Incident): void
  workspace(incident: Incident): void
  /** An entry of ours was stored: time to publish it. */
  written(incident: Incident, entry: Entry): void
}

export class Incident {
  readonly id: Uint8Array
  readonly idHex: string
  readonly topic: string
  readonly genesisHex: string
  readonly logs = new AuthorLogs()
  readonly records: PayloadRecord[] = []
  readonly workspace: Workspace
  lamport = 0
  undecryptable = 0
  /** Workspace updates refused by the clientID rule (or unparseable). */
  refusedUpdates = 0
  /** Chat or workspace entries of observers, not applied. */
  observerWrites = 0
  private readonly ops = new Map<string, RosterOp>()
  private fold!: FoldResult
  private readonly epochKeys = new Map<number, Uint8Array>()
  private readonly pending = new Map<string, Map<number, Entry>>()
  private queue: Promise<unknown> = Promise.resolve()
  private lastSnapshotAt = 0
  /** Workspace updates read on start-up, applied together in causal order once all are read. */
  private replayQueue: Array<{ update: Uint8Array, owned: ReadonlySet<number>, lamport: number, authorHex: string }> = []

  private constructor (
    private readonly store: Store,
    private readonly me: DeviceIdentity,
    private readonly listener: IncidentListener,
    record: IncidentRecord
  ) {
    this.idHex = record.id
    this.id = fromHex(record.id)
    this.genesisHex = record.genesis
    this.topic = topicFor(this.id)
    this.workspace = new Workspace(workspaceClientId(me.signer.publicKey, this.id))
  }

  /** A new incident with this device as its first admin. */
  static async create (store: Store, me: DeviceIdentity, listener: IncidentListener, title: string, name: string): Promise<Incident> {
    const id = new Uint8Array(randomBytes(16))
    const genesis = createRosterOp(me.signer, {
      k: 'genesis', i: id, p: [], t: Date.now(),
      d: { title, n: name, x: me.x25519.publicKey, k: seal(me.x25519.publicKey, randomKey(), epochKeyContext(id, me.signer.publicKey)) }
    })
    const record = { id: toHex(id), genesis: genesis.hashHex, title, joinedAt: Date.now() }
    await store.putIncident(record, [genesis])
    const incident = new Incident(store, me, listener, record)
    incident.applyOps([genesis])
    return incident
  }

  /** An incident we were admitted to: `ops` is the roster the admin sent (already decoded). */
  static async joined (store: Store, me: DeviceIdentity, listener: IncidentListener, id: Uint8Array, ops: RosterOp[]): Promise<Incident> {
    const genesis = ops.find(op => op.body.k === 'genesis' && op.body.p.length === 0 && toHex(op.body.i) === toHex(id))
    if (genesis === undefined || genesis.body.k !== 'genesis') throw new NotAuthorizedError('the roster sent on join has no genesis for this incident')
    const record = { id: toHex(id), genesis: genesis.hashHex, title: genesis.body.d.title, joinedAt: Date.now() }
    const incident = new Incident(store, me, listener, record)
    incident.applyOps(ops)
    if (!incident.state.members.has(toHex(me.signer.publicKey))) throw new NotAuthorizedError('the roster sent on join does not admit this device')
    await store.putIncident(record, [...incident.ops.values()])
    return incident
  }

  static async load (store: Store, me: DeviceIdentity, listener: IncidentListener, record: IncidentRecord): Promise<Incident> {
    const incident = new Incident(store, me, listener, record)
    incident.applyOps((await store.rosterOps(record.id)).map(wire => decodeRosterOp(wire)))
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
    incident.refusedUpdates += incident.workspace.replay(incident.replayQueue)
    incident.replayQueue = []
    return incident
  }

  get state (): RosterState { return this.fold.state }
  get title (): string { return this.fold.state.title }
  get heads (): readonly string[] { return this.fold.heads }
  get rosterOps (): RosterOp[] { return [...this.ops.values()] }
  hasOp (hashHex: string): boolean { return this.ops.has(hashHex) }
  get myKeyHex (): string { return toHex(this.me.signer.publicKey) }

  myRole (): Role | 'removed' {
    return this.state.members.get(this.myKeyHex)?.role ?? 'removed'
  }

  isMember (peerId: string): boolean {
    for (const m of this.state.members.values()) if (m.peerId === peerId) return true
    return false
  }

  memberByPeerId (peerId: string): Member | undefined {
    for (const m of this.state.members.values()) if (m.peerId === peerId) return m
    return undefined
  }

  /** Stores and applies roster ops we did not have; returns how many were new. */
  async addRosterOps (ops: RosterOp[]): Promise<number> {
    return await this.serial(async () => {
      const fresh = ops.filter(op => !this.ops.has(op.hashHex) && toHex(op.body.i) === this.idHex)
      if (fresh.length === 0) return 0
      await this.store.putRosterOps(this.idHex, fresh)
      this.applyOps(fresh)
      this.listener.roster(this)
      return fresh.length
    })
  }

  /**
   * Creates, stores and applies a roster op authored by this device. `precondition` runs in the
   * incident's queue right before, so checks like an invite's remaining uses cannot race.
   */
  async authorRosterOp (body: Pick<RosterOpBody, 'k' | 'd'>, precondition?: (state: RosterState) => void): Promise<RosterOp> {
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
      const key = randomKey()
      const sealed: Array<[Uint8Array, Uint8Array]> = [...this.state.members.values()].map(m => [m.publicKey, seal(m.x25519, key, epochKeyContext(this.id, m.publicKey))])
      await this.authorNow({ k: 'rotate', d: { k: sealed } })
      this.listener.roster(this)
      return this.state.currentEpoch as Epoch
    })
  }

  private async authorNow (body: Pick<RosterOpBody, 'k' | 'd'>): Promise<RosterOp> {
    const op = createRosterOp(this.me.signer, { ...body, i: this.id, p: this.fold.heads.map(fromHex), t: Date.now() } as Omit<RosterOpBody, 'v' | 'a'>)
    const reason = refusalReason(this.state, op)
    if (reason !== undefined) throw new NotAuthorizedError(`roster change refused: ${reason}`)
    await this.store.putRosterOps(this.idHex, [op])
    this.applyOps([op])
    return op
  }

  /** Every epoch key we hold, sealed to a new member (for an `add` op). */
  sealEpochKeysFor (memberKey: Uint8Array, memberX25519: Uint8Array): Array<[number, Uint8Array]> {
    return [...this.epochKeys].map(([epochId, key]) => [epochId, seal(memberX25519, key, epochKeyContext(this.id, memberKey))])
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

  /** The key of an epoch, if this device holds it. */
  epochKey (epochId: number): Uint8Array | undefined { return this.epochKeys.get(epochId) }

  /** The epoch this device writes in now, with its key. */
  writingKey (): { epochId: number, key: Uint8Array } {
    const epochId = this.writingEpoch()
    return { epochId, key: this.epochKeys.get(epochId) as Uint8Array }
  }

  /** Saves a workspace snapshot now if anything changed since the last one (e.g. at shutdown). */
  async saveSnapshot (): Promise<void> {
    await this.serial(async () => {
      if (this.workspace.appliedSinceSnapshot > 0) await this.writeSnapshot()
    })
  }

  private async maybeSnapshot (): Promise<void> {
    if (this.workspace.appliedSinceSnapshot >= SNAPSHOT_EVERY && Date.now() - this.lastSnapshotAt >= SNAPSHOT_MIN_INTERVAL_MS) await this.writeSnapshot()
  }

  private async writeSnapshot (): Promise<void> {
    await this.store.putSnapshot(this.idHex, { vv: [...this.logs.versionVector()], state: this.workspace.snapshot() })
    this.lastSnapshotAt = Date.now()
  }

  private requireMember (): void {
    if (!this.state.members.has(this.myKeyHex)) throw new NotAuthorizedError('this device is not a member of the incident')
  }

  /** Observers read and acknowledge; chat and workspace writes are refused, here and by everyone. */
  private requireWriter (payload: PayloadInput): void {
    this.requireMember()
    if (this.myRole() === 'observer' && OBSERVER_REFUSED.has(payload.k)) throw new NotAuthorizedError('observers can read but not post or edit')
  }

  private async appendNow (payload: PayloadInput, mode: 'live' | 'local-applied'): Promise<Entry> {
    this.requireWriter(payload)
    const epochId = this.writingEpoch()
    const view = this.logs.view(this.myKeyHex)
    const entry = createEntry(this.me.signer, {
      incidentId: this.id, seq: view.headSeq + 1, prev: view.headHashHex === undefined ? new Uint8Array(0) : fromHex(view.headHashHex),
      lamport: this.lamport + 1, ts: Date.now(), epochId, epochKey: this.epochKeys.get(epochId) as Uint8Array, plaintext: encodePayload(payload)
    })
    await this.store.putEntries(this.idHex, [entry], true)
    this.commit(entry, mode)
    this.listener.written(this, entry)
    return entry
  }

  /** Roster ops that are not in the causal past of `heads` (what a peer with those heads lacks). */
  opsMissingFrom (heads: readonly string[]): RosterOp[] {
    const known = new Set<string>()
    const stack = heads.filter(h => this.ops.has(h))
    while (stack.length > 0) {
      const hash = stack.pop() as string
      if (known.has(hash)) continue
      known.add(hash)
      for (const parent of this.ops.get(hash)?.body.p ?? []) stack.push(toHex(parent))
    }
    return [...this.ops.values()].filter(op => !known.has(op.hashHex))
  }

  async storedEntries (authorHex: string, fromSeq: number, limit: number): Promise<Uint8Array[]> {
    return await this.store.entriesOf(this.idHex, authorHex, fromSeq, limit)
  }

  private async receiveNow (entries: Entry[]): Promise<Verdict[]> {
    const verdicts: Verdict[] = []
    const accepted: Entry[] = []
    const overlay = new Map<string, string[]>()
    for (const entry of entries) {
      let verdict = validateEntry(entry, this.state, this.logs.view(entry.authorHex, overlay.get(entry.authorHex)))
      // An entry we keep apart (held for a gap) or that accuses its author (fork) must be signed
      // on its own; accepted entries are checked per linked run below.
      if ((verdict.kind === 'fork' || verdict.kind === 'gap') && !entry.verified && !entry.checkSignature()) verdict = BAD_SIGNATURE
      verdicts.push(verdict)
      if (verdict.kind === 'accept') {
        accepted.push(entry)
        const pendingHashes = overlay.get(entry.authorHex)
        if (pendingHashes === undefined) overlay.set(entry.authorHex, [entry.hashHex])
        else pendingHashes.push(entry.hashHex)
      } else if (verdict.kind === 'gap') {
        this.hold(entry)
      } else if (verdict.kind === 'fork') {
        this.listener.fork(this, entry.authorHex, entry.body.s)
      }
    }
    const authentic = authenticateRuns(accepted)
    for (const [i, entry] of entries.entries()) {
      if (verdicts[i]?.kind === 'accept' && !authentic.has(entry)) verdicts[i] = BAD_SIGNATURE
    }
    const stored = accepted.filter(e => authentic.has(e))
    if (stored.length > 0) {
      await this.store.putEntries(this.idHex, stored, false)
      for (const entry of stored) this.commit(entry, 'live')
      await this.maybeSnapshot()
      const next = stored.flatMap(e => this.takePending(e.authorHex))
      if (next.length > 0) await this.receiveNow(next)
    }
    return verdicts
  }

  private commit (entry: Entry, mode: 'live' | 'local-applied'): void {
    this.logs.append(entry.authorHex, entry.hashHex)
    this.lamport = Math.max(this.lamport, entry.body.l)
    this.record(entry, mode)
  }

  /**
   * Applies an entry's payload: chat payloads are kept for the chat view (and reported when
   * live); workspace updates go into the Y.Doc unless already there (our own local change, or
   * covered by the snapshot loaded at start-up).
   */
  private record (entry: Entry, mode: 'live' | 'local-applied' | 'replay' | 'covered'): void {
    const key = this.epochKeys.get(entry.body.e)
    if (key === undefined) { this.undecryptable++; return }
    let payload
    try {
      payload = decodePayload(decryptEntry(entry, key))
    } catch (err) {
      if (!(err instanceof DecryptionError)) throw err
      this.undecryptable++
      return
    }
    if (payload === undefined) return
    if (OBSERVER_REFUSED.has(payload.k) && this.state.members.get(entry.authorHex)?.role === 'observer') {
      // Judged by the role we know now: an entry written just before a demotion may be dropped
      // on nodes that learnt of the demotion first (its log position is kept either way).
      this.observerWrites++
      return
    }
    if (payload.k === 'ydoc') {
      if (mode === 'local-applied' || mode === 'covered') return
      const owned = ownedClientIds(entry.body.a, this.id)
      if (mode === 'replay') this.replayQueue.push({ update: payload.u, owned, lamport: entry.body.l, authorHex: entry.authorHex })
      else if (!this.workspace.applyRemote(payload.u, owned)) this.refusedUpdates++
      else if (mode === 'live') this.listener.workspace(this)
      return
    }
    const record: PayloadRecord = { authorHex: entry.authorHex, author: peerIdOf(entry.body.a), seq: entry.body.s, lamport: entry.body.l, ts: entry.body.t, payload }
    this.records.push(record)
    if (mode === 'live') this.listener.payload(this, record)
  }

  private hold (entry: Entry): void {
    let byseq = this.pending.get(entry.authorHex)
    if (byseq === undefined) { byseq = new Map(); this.pending.set(entry.authorHex, byseq) }
    let bytes = entry.wire.byteLength
    for (const held of byseq.values()) bytes += held.wire.byteLength
    // Over either limit the entry is dropped: the gap it revealed makes us pull it by sync anyway.
    if (byseq.size < MAX_PENDING_PER_AUTHOR && bytes <= MAX_PENDING_BYTES_PER_AUTHOR) byseq.set(entry.body.s, entry)
  }

  private takePending (authorHex: string): Entry[] {
    const byseq = this.pending.get(authorHex)
    const next = byseq?.get(this.logs.headSeq(authorHex) + 1)
    if (byseq === undefined || next === undefined) return []
    byseq.delete(next.body.s)
    for (const seq of byseq.keys()) if (seq <= this.logs.headSeq(authorHex)) byseq.delete(seq)
    if (byseq.size === 0) this.pending.delete(authorHex)
    return [next]
  }

  private writingEpoch (): number {
    const current = this.state.currentEpoch
    if (current !== undefined && this.epochKeys.has(current.id)) return current.id
    const held = [...this.state.epochs.values()].filter(e => this.epochKeys.has(e.id)).sort((a, b) => b.generation - a.generation)[0]
    if (held === undefined) throw new NotAuthorizedError('this device holds no key for the incident')
    return held.id
  }

  private applyOps (ops: RosterOp[]): void {
    for (const op of ops) this.ops.set(op.hashHex, op)
    this.fold = foldRoster(this.id, this.genesisHex, this.ops.values())
    this.openEpochKeys()
  }

  private openEpochKeys (): void {
    const mine = this.state.members.get(this.myKeyHex) ?? this.state.removed.get(this.myKeyHex)?.member
    for (const [epochId, sealed] of mine?.grants ?? []) {
      if (this.epochKeys.has(epochId)) continue
      try {
        this.epochKeys.set(epochId, open(this.me.x25519, sealed, epochKeyContext(this.id, this.me.signer.publicKey)))
      } catch {
        // A grant we cannot open is someone's mistake or attack; the entries of that epoch stay unreadable here.
      }
    }
  }

  /** Resolves when every queued change has been stored and applied. */
  async idle (): Promise<void> { await this.queue }

  private async serial<T> (task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task, task)
    this.queue = run.catch(() => undefined)
    return await run
  }

  /**
   * A digest of the incident's accepted entries and its workspace state, equal on nodes that
   * hold the same data.
   */
  digest (): string {
    return toHex(sha256(fromHex(this.logs.digest()), this.workspace.contentHash()))
  }

  /** The member (current or removed) who owns a workspace clientID. */
  ownerOfClientId (clientId: number | undefined): Member | undefined {
    if (clientId === undefined) return undefined
    for (const m of [...this.state.members.values(), ...[...this.state.removed.values()].map(r => r.member)]) {
      if (ownedClientIds(m.publicKey, this.id).has(clientId)) return m
    }
    return undefined
  }

  /** The generation of the current epoch (0 at genesis, +1 for every rotation). */
  epochGeneration (): number { return this.state.currentEpoch?.generation ?? 0 }
}
