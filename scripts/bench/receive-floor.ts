// The catch-up's receiving work without the network: every entry a stopped daemon holds of its
// incident, handed to a fresh copy of that incident (the same device and roster, no entries)
// through Incident.receive in batches of SYNC_BATCH, as sync hands over a full window. That is
// the intake's checks (hash chain, a signature per linked run, epochs, quotas, Yjs clientIDs),
// the store write and the applier, in one warm process. Between the level→Yjs floor and the real
// catch-up it parts the receiver's required work from what the network adds.
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { fromHex } from '../../p2p/codec/bytes.js'
import { decodeIdentity } from '../../p2p/identity/identity.js'
import { Incident } from '../../p2p/incident/incident.js'
import { decodeEntry } from '../../p2p/log/entry.js'
import { decodeRosterOp } from '../../p2p/membership/roster-op.js'
import { openStore, QUIET } from './store-tools.js'
import { now } from './stats.js'

/** Entries per receive call: a full sync window (p2p/services/sync/send-window.ts). */
const SYNC_BATCH = 256

export interface ReceiveFloor {
  /** Best of the runs: decode, Incident.receive in batches, then the digest (as the bench's end point). */
  receiveMs: number
  /** The first run: the same work with the code still cold, as in a daemon's first catch-up. */
  firstMs: number
  accepted: number
  entries: number
}

/** Measures on `copyDir` (a stopped daemon's folder copy; only `author`'s entries if given), writing each run's store under `scratchDir`. */
export async function measureReceiveFloor (copyDir: string, scratchDir: string, runs = 2, author?: string): Promise<ReceiveFloor> {
  const source = await openStore(copyDir)
  let identity: Uint8Array
  let incidentId: string
  let opWires: Uint8Array[]
  const wires: Uint8Array[] = []
  try {
    const stored = await source.getIdentity()
    const [record] = await source.listIncidents()
    if (stored === undefined || record === undefined) throw new Error(`no identity or incident in ${copyDir}`)
    identity = stored
    incidentId = record.id
    opWires = await source.rosterOps(incidentId)
    for await (const { author: by, wire } of source.entries(incidentId)) if (author === undefined || by === author) wires.push(wire)
  } finally {
    await source.close()
  }
  const times: number[] = []
  let accepted = 0
  for (let run = 0; run < runs; run++) {
    const dir = join(scratchDir, `receive-${run}`)
    await mkdir(dir, { recursive: true })
    const store = await openStore(dir)
    try {
      await store.putIdentity(identity)
      const me = decodeIdentity(identity)
      const incident = await Incident.joined(store, me, QUIET, fromHex(incidentId), opWires.map(decodeRosterOp))
      accepted = 0
      const t0 = now()
      for (let i = 0; i < wires.length; i += SYNC_BATCH) {
        const entries = wires.slice(i, i + SYNC_BATCH).map(wire => decodeEntry(wire, { verify: false }))
        accepted += (await incident.receive(entries)).filter(v => v.kind === 'accept').length
      }
      incident.digest()
      times.push(now() - t0)
      await incident.idle()
    } finally {
      await store.close()
    }
  }
  return { receiveMs: Math.min(...times), firstMs: times[0] ?? NaN, accepted, entries: wires.length }
}
