// The local store: one classic-level database per device. Only this module talks to level;
// everything above it deals in decoded records and wire bytes.
import type { Level } from 'level'
import { z } from 'zod'
import { decodeCbor, encodeCbor } from '../codec/cbor.js'
import { bytes, parseShape, uint } from '../codec/shape.js'
import { DeviceRecords } from './device-records.js'
import { keys, parseEntryKey } from './keys.js'
import type { WriteOp } from './migrations.js'
import { openDatabase } from './open-database.js'
import { writeBatch } from './write-batch.js'
import { WriteBehind } from './write-behind.js'
import { openRecord, sealRecord } from './sealed-record.js'

const IncidentRecord = z.object({ id: z.string(), genesis: z.string(), title: z.string(), joinedAt: uint() })
export type IncidentRecord = z.infer<typeof IncidentRecord>
const Profile = z.object({ name: z.string() })
const PurgedStub = z.object({ h: z.string(), l: z.number().int(), e: z.number().int() })
/** An entry deleted under retention: its place in the author's log (hash '' and -1s where not known). */
export interface PurgedSlot { author: string, seq: number, hashHex: string, lamport: number, epoch: number }
const WorkspaceSnapshot = z.object({ vv: z.array(z.tuple([z.string(), uint()])), state: bytes() })
export type WorkspaceSnapshot = z.infer<typeof WorkspaceSnapshot>

const MAX_RECORD = 1024 * 1024
const MAX_SNAPSHOT = 512 * 1024 * 1024

export class Store {
  /** What this device keeps about other devices: addresses, blocks, verified fingerprints. */
  readonly devices: DeviceRecords
  /** Received entries wait here a moment to be written together (write-behind.ts); the rest of the store writes through it. */
  private readonly behind: WriteBehind

  private constructor (private readonly db: Level<string, Uint8Array>, private readonly dataKey: Uint8Array) {
    this.devices = new DeviceRecords(db, dataKey)
    this.behind = new WriteBehind(async (ops, options) => { await writeBatch(db, ops, options) })
  }

  /**
   * Opens the store in `dir`. `dataKey` (from the data folder's keyring, see keyring-file.ts)
   * encrypts device secrets and workspace snapshots.
   */
  static async open (dir: string, dataKey: Uint8Array): Promise<Store> { return new Store(await openDatabase(dir, dataKey), dataKey) }

  async close (): Promise<void> {
    try {
      await this.behind.close()
    } finally {
      await this.db.close()
    }
  }

  /** Resolves once every entry handed to putEntries is written. */
  async flush (): Promise<void> { await this.behind.flush() }

  /** The database, once the queued entries are in it: every read of entries goes through here (nothing else is queued). */
  private async settled (): Promise<Level<string, Uint8Array>> {
    await this.behind.flush()
    return this.db
  }

  /** One atomic batch, after (and with) the queued writes, so the disk never holds a change before one it follows. */
  private async write (ops: WriteOp[], sync: boolean): Promise<void> { await this.behind.writeNow(ops, { sync }) }

  async getIdentity (): Promise<Uint8Array | undefined> { return await this.getSealed(keys.identity) }
  async putIdentity (bytes: Uint8Array): Promise<void> { await this.putSealed(keys.identity, bytes, true) }

  // Records that say anything about an incident or its people (titles, names, roles, device
  // secrets, workspace content, addresses) are sealed under the data key; entries are already
  // encrypted under epoch keys, whose only copies are sealed to the device's X25519 key.
  private async getSealed (key: string): Promise<Uint8Array | undefined> {
    const raw = await this.db.get(key)
    return raw === undefined ? undefined : this.open(key, raw)
  }

  private open (key: string, sealed: Uint8Array): Uint8Array { return openRecord(this.dataKey, key, sealed) }

  private sealedPut (key: string, plaintext: Uint8Array): WriteOp {
    return { type: 'put', key, value: sealRecord(this.dataKey, key, plaintext) }
  }

  private async putSealed (key: string, plaintext: Uint8Array, sync: boolean): Promise<void> {
    await this.write([this.sealedPut(key, plaintext)], sync)
  }

  async getProfileName (): Promise<string | undefined> {
    const raw = await this.getSealed(keys.profile)
    return raw === undefined ? undefined : parseShape(Profile, decodeCbor(raw, MAX_RECORD), 'profile').name
  }

  async putProfileName (name: string): Promise<void> { await this.putSealed(keys.profile, encodeCbor({ name }), true) }

  /** What this device's user was writing in a conversation and has not sent (sealed: it is content). */
  async getDraft (incident: string, conversation: string): Promise<string> {
    const raw = await this.getSealed(keys.draft(incident, conversation))
    return raw === undefined ? '' : new TextDecoder().decode(raw)
  }

  /** Keeps a draft; an empty one is removed. Not synced to disk at once: a draft may lose its last keystrokes in a crash. */
  async putDraft (incident: string, conversation: string, text: string): Promise<void> {
    const key = keys.draft(incident, conversation)
    if (text === '') await this.write([{ type: 'del', key }], false)
    else await this.putSealed(key, new TextEncoder().encode(text), false)
  }

  async listIncidents (): Promise<IncidentRecord[]> {
    const out: IncidentRecord[] = []
    for await (const [key, value] of this.db.iterator(keys.incidents)) {
      out.push(parseShape(IncidentRecord, decodeCbor(this.open(key, value), MAX_RECORD), 'incident record'))
    }
    return out
  }

  /** Stores a new incident record together with its first roster ops, atomically. */
  async putIncident (record: IncidentRecord, ops: Array<{ hashHex: string, wire: Uint8Array }>): Promise<void> {
    await this.write([
      this.sealedPut(keys.incident(record.id), encodeCbor(record)),
      ...ops.map(op => this.sealedPut(keys.rosterOp(record.id, op.hashHex), op.wire))
    ], true)
  }

  async rosterOps (incident: string): Promise<Uint8Array[]> {
    return (await this.db.iterator(keys.rosterOps(incident)).all()).map(([key, value]) => this.open(key, value))
  }

  async putRosterOps (incident: string, ops: Array<{ hashHex: string, wire: Uint8Array }>): Promise<void> {
    await this.write(ops.map(op => this.sealedPut(keys.rosterOp(incident, op.hashHex), op.wire)), true)
  }

  /** Every stored entry of an incident, in (author, seq) order. */
  async * entries (incident: string): AsyncGenerator<{ author: string, seq: number, wire: Uint8Array }> {
    for await (const [key, wire] of (await this.settled()).iterator(keys.entries(incident))) yield { ...parseEntryKey(key), wire }
  }

  /**
   * The stored entries past `counts` (per author, how many from seq 1 on are known already), in
   * (author, seq) order: the iterator seeks over each known run instead of reading it.
   */
  async * entriesAfter (incident: string, counts: ReadonlyMap<string, number>): AsyncGenerator<{ author: string, seq: number, wire: Uint8Array }> {
    const it = (await this.settled()).iterator(keys.entries(incident))
    try {
      for (let next = await it.next(); next !== undefined; next = await it.next()) {
        const [key, wire] = next
        const at = parseEntryKey(key)
        const known = counts.get(at.author) ?? 0
        if (at.seq <= known) it.seek(keys.entry(incident, at.author, known + 1))
        else yield { ...at, wire }
      }
    } finally {
      await it.close()
    }
  }

  /** An author's stored entries from `fromSeq` on, with their seqs (purged ones are not stored: seqs may jump). */
  async entriesOf (incident: string, author: string, fromSeq: number, limit: number): Promise<Array<{ seq: number, wire: Uint8Array }>> {
    return (await (await this.settled()).iterator({ ...keys.authorEntries(incident, author, fromSeq), limit }).all()).map(([key, wire]) => ({ seq: parseEntryKey(key).seq, wire }))
  }

  /** The entries at these (author, seq) places, in their order (undefined where none is stored). */
  async entriesAt (incident: string, places: ReadonlyArray<readonly [string, number]>): Promise<Array<Uint8Array | undefined>> {
    return places.length === 0 ? [] : await (await this.settled()).getMany(places.map(([author, seq]) => keys.entry(incident, author, seq)))
  }

  /** Whether entries are stored at these (author, seq) places, without reading them. */
  async hasEntries (incident: string, places: ReadonlyArray<readonly [string, number]>): Promise<boolean[]> {
    return places.length === 0 ? [] : await (await this.settled()).hasMany(places.map(([author, seq]) => keys.entry(incident, author, seq)))
  }

  /**
   * Stores entries. With `sync` (our own entries, which the user is told are stored), at once in
   * one atomic batch forced to disk; without (received ones, which can always be fetched again),
   * within a moment, written together with others (write-behind.ts). Either way every later read
   * of the store sees them.
   */
  async putEntries (incident: string, entries: Array<{ authorHex: string, body: { s: number }, wire: Uint8Array }>, sync: boolean): Promise<void> {
    const ops: WriteOp[] = entries.map(e => ({ type: 'put', key: keys.entry(incident, e.authorHex, e.body.s), value: e.wire }))
    if (sync) await this.write(ops, true)
    else await this.behind.add(ops)
  }

  /**
   * Deletes these entries (retention) and keeps a stub of each in their place, in one batch synced
   * to disk, then compacts the entries' key range so their bytes leave the files too.
   */
  async purge (incident: string, slots: readonly PurgedSlot[]): Promise<void> {
    if (slots.length === 0) return
    await this.write([
      ...slots.map(s => ({ type: 'del' as const, key: keys.entry(incident, s.author, s.seq) })), ...this.stubOps(incident, slots), ...await this.loadIndexDrops(incident)
    ], true)
    const range = keys.entries(incident)
    // `level` is classic-level on Node; its type leaves compactRange out.
    await (this.db as unknown as { compactRange: (start: string, end: string) => Promise<void> }).compactRange(range.gte, range.lt)
  }

  /** Stubs of purged entries this device never held (filled in from a purge): nothing to delete or compact. */
  async putPurgedStubs (incident: string, slots: readonly PurgedSlot[]): Promise<void> {
    if (slots.length > 0) await this.write([...this.stubOps(incident, slots), ...await this.loadIndexDrops(incident)], true)
  }

  private stubOps (incident: string, slots: readonly PurgedSlot[]): WriteOp[] {
    return slots.map(s => ({ type: 'put', key: keys.purged(incident, s.author, s.seq), value: encodeCbor({ h: s.hashHex, l: s.lamport, e: s.epoch }) }))
  }

  /** The stubs of an incident's purged entries, in (author, seq) order. */
  async purgedSlots (incident: string): Promise<PurgedSlot[]> {
    return (await this.db.iterator(keys.purgedAll(incident)).all()).map(([key, value]) => {
      const stub = decodeCbor(value, MAX_RECORD) as { h?: unknown, l?: unknown, e?: unknown }
      // Checked by hand: start-up reads one per purged entry (zod costs more than the decode).
      const ok = typeof stub.h === 'string' && Number.isInteger(stub.l) && Number.isInteger(stub.e)
      if (!ok) parseShape(PurgedStub, stub, 'purged entry') // throws, naming what is wrong
      return { ...parseEntryKey(key), hashHex: stub.h as string, lamport: stub.l as number, epoch: stub.e as number }
    })
  }

  /**
   * The incident's load index (incident/load-index.ts): its segments, opened, oldest first, one
   * at a time (each is read into memory whole; all at once would be one big allocation at
   * start-up). Sealed: it says which entries are messages. A purge deletes it in the purge's own
   * batch, since its rows would no longer match the store.
   */
  async * loadIndex (incident: string): AsyncGenerator<Uint8Array> {
    for await (const [key, value] of this.db.iterator(keys.loadIndexAll(incident))) yield this.open(key, value)
  }

  /** Adds segments after the last one; with `replace`, deletes the others first (a merge). */
  async putLoadIndex (incident: string, segments: readonly Uint8Array[], replace = false): Promise<void> {
    const old = await this.db.keys(keys.loadIndexAll(incident)).all()
    const last = parseInt(old[old.length - 1]?.split('/').pop() ?? '-1', 16)
    const puts = segments.map((segment, i) => this.sealedPut(keys.loadIndex(incident, last + 1 + i), segment))
    await this.write([...(replace ? old.map(k => ({ type: 'del' as const, key: k })) : []), ...puts], false)
  }

  async dropLoadIndex (incident: string): Promise<void> {
    await this.write(await this.loadIndexDrops(incident), false)
  }

  private async loadIndexDrops (incident: string): Promise<WriteOp[]> {
    return (await this.db.keys(keys.loadIndexAll(incident)).all()).map(key => ({ type: 'del', key }))
  }

  /** The workspace snapshot of an incident and the version vector of entries it covers. */
  async getSnapshot (incident: string): Promise<WorkspaceSnapshot | undefined> {
    const raw = await this.getSealed(keys.snapshot(incident))
    return raw === undefined ? undefined : parseShape(WorkspaceSnapshot, decodeCbor(raw, MAX_SNAPSHOT), 'workspace snapshot')
  }

  async putSnapshot (incident: string, snapshot: WorkspaceSnapshot): Promise<void> {
    await this.putSealed(keys.snapshot(incident), encodeCbor(snapshot), false)
  }
}
