// The read side of an incident: its identity, roster queries, keys, chat records, workspace,
// digest and which authors are frozen by a proven fork. The Incident facade extends this and keeps
// the parts up to date; everything here only reads them, so the rest of the node can ask without
// going through the incident's queue. Entries that stopped counting are left out everywhere here.
import { fromHex, toHex } from '../codec/bytes.js'
import { sha256 } from '../crypto/hash.js'
import type { PayloadRecord } from '../chat/chat-view.js'
import type { MessageOrder, MessageStub } from '../chat/message-index.js'
import type { DeviceIdentity } from '../identity/identity.js'
import type { Entry } from '../log/entry.js'
import type { Role } from '../membership/roles.js'
import type { RosterOp } from '../membership/roster-op.js'
import type { Member, RosterState } from '../membership/roster-state.js'
import { decodeEntry } from '../log/entry.js'
import type { IncidentRecord, Store } from '../storage/store.js'
import { workspaceClientId } from '../workspace/client-id.js'
import { Workspace } from '../workspace/workspace.js'
import { EntryApplier } from './applier.js'
import type { FilePayloadRecord } from '../files/file-view.js'
import { AuthorLogs } from './author-logs.js'
import { PendingChat } from './pending-chat.js'
import { RosterBook, type RosterKind } from './roster-book.js'
import { settingsOf, type IncidentSettings } from './settings.js'
import { topicFor } from './topic.js'

export class IncidentView {
  readonly id: Uint8Array
  readonly idHex: string
  readonly topic: string
  readonly genesisHex: string
  readonly logs = new AuthorLogs()
  protected readonly roster: RosterBook
  protected readonly applier: EntryApplier
  private readonly pendingChat = new PendingChat()

  protected constructor (protected readonly store: Store, protected readonly me: DeviceIdentity, record: IncidentRecord) {
    this.idHex = record.id
    this.id = fromHex(record.id)
    this.genesisHex = record.genesis
    this.topic = topicFor(this.id)
    this.roster = new RosterBook(this.id, this.genesisHex, me)
    this.applier = new EntryApplier(this.id, new Workspace(workspaceClientId(me.signer.publicKey, this.id)), this.roster, this.logs)
  }

  /** Chat records of the entries that count. */
  get records (): PayloadRecord[] {
    const all = this.applier.records
    return this.logs.anyHidden ? all.filter(r => this.logs.counts(r.authorHex, r.seq)) : all
  }
  /** The chat messages that count, in chat order, read by position (chat/message-index.ts): what pages and counts use. */
  get messageOrder (): MessageOrder {
    return this.applier.messages.view(this.logs.anyHidden ? (authorHex, seq) => this.logs.counts(authorHex, seq) : undefined)
  }

  /** Every chat message that counts, as an object each: for passes over the whole history (retention, reports), not for what a view shows. */
  get messageStubs (): MessageStub[] {
    return this.messageOrder.stubs()
  }

  /** The message stored at `authorHex`/`seq`, if there is one and it counts. */
  messageStub (authorHex: string, seq: number): MessageStub | undefined {
    const stub = this.applier.messages.get(authorHex, seq)
    return stub !== undefined && this.logs.counts(authorHex, seq) ? stub : undefined
  }

  /** The messages `stubs` name, read from the store and decrypted (a page of history), in their order. */
  async readMessages (stubs: readonly MessageStub[]): Promise<PayloadRecord[]> {
    const wires = await this.store.entriesAt(this.idHex, stubs.map(s => [s.authorHex, s.seq]))
    const out: PayloadRecord[] = []
    for (const wire of wires) {
      // Stored entries were validated on the way in; one that reads as no message is left out.
      const record = wire === undefined ? undefined : this.applier.messageOf(decodeEntry(wire, { verify: false }))
      if (record !== undefined) out.push(record)
    }
    return out
  }

  /** Every stored entry's wire bytes, in (author key hex, seq) order (an export reads them all). */
  storedLog (): AsyncGenerator<{ author: string, seq: number, wire: Uint8Array }> { return this.store.entries(this.idHex) }

  /** File manifests and custody statements of the entries that count (files/file-view.ts). */
  get fileRecords (): FilePayloadRecord[] {
    const all = this.applier.fileRecords
    return this.logs.anyHidden ? all.filter(r => this.logs.counts(r.authorHex, r.seq)) : all
  }

  /** The incident's settings, as its admins last set them (settings.ts). */
  get settings (): IncidentSettings { return settingsOf(this.records) }

  /** Chat records of entries received ahead of a gap, not stored yet (pending-chat.ts). */
  get pendingRecords (): PayloadRecord[] {
    return this.pendingChat.records(author => this.logs.headSeq(author), this.logs.withForks(this.roster.logRoster))
  }

  /** Keeps the chat message a newly held entry carries, if any, as pending; returns its record. */
  protected keepPending (entry: Entry): PayloadRecord | undefined {
    const record = this.applier.preview(entry)
    if (record !== undefined) this.pendingChat.add(entry, record, author => this.logs.headSeq(author), this.logs.withForks(this.roster.logRoster))
    return record
  }

  get workspace (): Workspace { return this.applier.workspace }
  /** Workspace updates refused by the clientID rule (or unparseable). */
  get refusedUpdates (): number { return this.applier.refusedUpdates }
  get state (): RosterState { return this.roster.state }
  get title (): string { return this.roster.state.title }
  /** A team (a standing roster incidents are opened from) or an incident, as its genesis says. */
  get kind (): RosterKind { return this.roster.kind }
  /** Effective roster ops nothing effective follows: the parents of our next op. */
  get heads (): readonly string[] { return this.roster.heads }
  /** Roster ops nothing follows, heads first: what a sync request names. */
  get syncTips (): readonly string[] { return this.roster.tips }
  get rosterOps (): RosterOp[] { return this.roster.all }
  /** The roster ops that count, in fold order. */
  get effectiveRosterOps (): readonly RosterOp[] { return this.roster.effective }
  hasOp (hashHex: string): boolean { return this.roster.has(hashHex) }
  get myKeyHex (): string { return toHex(this.me.signer.publicKey) }

  myRole (): Role | 'removed' {
    return this.state.members.get(this.myKeyHex)?.role ?? 'removed'
  }

  isMember (peerId: string): boolean { return this.roster.memberByPeerId(peerId) !== undefined }
  memberByPeerId (peerId: string): Member | undefined { return this.roster.memberByPeerId(peerId) }
  /** Whether holding `ops` too would make `peerId` a member (a peer whose roster is ahead of ours). */
  wouldAdmit (ops: readonly RosterOp[], peerId: string): boolean { return this.roster.wouldAdmit(ops, peerId) }

  /** The member (current or removed) who owns a workspace clientID. */
  ownerOfClientId (clientId: number | undefined): Member | undefined { return this.roster.ownerOfClientId(clientId) }

  /** The generation of the current epoch (0 at genesis, +1 for every rotation). */
  epochGeneration (): number { return this.state.currentEpoch?.generation ?? 0 }

  /** Roster ops that are not in the causal past of `heads` (what a peer with those heads lacks). */
  opsMissingFrom (heads: readonly string[]): RosterOp[] { return this.roster.opsMissingFrom(heads) }

  /** For a removed member's sync request: the ops that show it its removal (roster-book.ts). */
  removalNotice (peerId: string, theirHeads: readonly string[]): RosterOp[] | undefined {
    const removed = [...this.state.removed].find(([, r]) => r.member.peerId === peerId && !this.isMember(peerId))
    return removed === undefined ? undefined : this.roster.removalNotice(removed[0], theirHeads)
  }

  /** Whether `peerId` was a member and was removed (and is not a member again). */
  wasRemoved (peerId: string): boolean {
    return !this.isMember(peerId) && [...this.state.removed.values()].some(r => r.member.peerId === peerId)
  }

  /** Every epoch key we hold, sealed to a new member of `role` (for an `add` op); none for a relay. */
  sealEpochKeysFor (memberKey: Uint8Array, memberX25519: Uint8Array, role: Role): Array<[number, Uint8Array]> {
    return this.roster.sealEpochKeysFor(memberKey, memberX25519, role)
  }

  /** Whether this device is the incident's relay: it stores and serves entries it cannot read. */
  get storesOnly (): boolean { return this.roster.storesOnly }

  /** The key of an epoch, if this device holds it. */
  epochKey (epochId: number): Uint8Array | undefined { return this.roster.epochKey(epochId) }

  /** The epoch this device writes in now, with its key. */
  writingKey (): { epochId: number, key: Uint8Array } {
    const epochId = this.roster.writingEpoch()
    return { epochId, key: this.roster.epochKey(epochId) as Uint8Array }
  }

  /** The seq from which an author is frozen by a proven fork (its entries from there on are hidden). */
  forkedAt (authorHex: string): number | undefined { return this.logs.forkedAt(authorHex) }

  /** Authors frozen by a proven fork, with the seq they are frozen from. */
  get forked (): ReadonlyMap<string, number> { return this.logs.forked }

  /**
   * The highest seq of an author's log to serve to others: what we store, but nothing past a
   * removal or a proven fork (no member would accept it) and nothing of a non-member.
   */
  servableSeq (authorHex: string): number {
    const standing = this.logs.withForks(this.roster.logRoster).standing(authorHex)
    if (standing === undefined) return 0
    return Math.min(this.logs.headSeq(authorHex), standing.lastSeq ?? Infinity, (standing.forkedAt ?? Infinity) - 1)
  }

  /**
   * A digest of the incident's counted entries and its workspace state, equal on nodes that
   * hold the same data.
   */
  digest (): string {
    return toHex(sha256(fromHex(this.logs.digest()), this.workspace.contentHash()))
  }
}
