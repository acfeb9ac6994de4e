// In-process work on a node's data folder with the library's own code (never the network):
// the no-network floor of catch-up (read entries from level, decrypt, apply the Yjs updates to a
// fresh Y.Doc), and generating a large data set for the cold-start scenario.
import { cp } from 'node:fs/promises'
import { basename, join } from 'node:path'
import * as Y from 'yjs'
import { generateIdentity, decodeIdentity, encodeIdentity } from '../../p2p/identity/identity.js'
import { Incident, type IncidentListener } from '../../p2p/incident/incident.js'
import { createEntry, decodeEntry, decryptEntry, type Entry } from '../../p2p/log/entry.js'
import { encodePayload } from '../../p2p/log/payload.js'
import { decodePayload } from '../../p2p/log/payload-read.js'
import { unlockDataFolder } from '../../p2p/storage/keyring-file.js'
import { Store } from '../../p2p/storage/store.js'
import { addTimeline, newId } from '../../p2p/workspace/edits.js'
import { now } from './stats.js'

export const QUIET: IncidentListener = { payload () {}, fork () {}, roster () {}, workspace () {}, written () {}, unapplied () {}, quota () {} }

/** Opens a data folder's store as the node does (p2p/node/create.ts): keyring (no passphrase), then level. */
export async function openStore (dataDir: string): Promise<Store> {
  const { dataKey } = await unlockDataFolder(dataDir, { kind: 'none' })
  return await Store.open(join(dataDir, 'store'), dataKey)
}

async function openIncident (dataDir: string): Promise<{ store: Store, incident: Incident, loadMs: number }> {
  const store = await openStore(dataDir)
  try {
    const stored = await store.getIdentity()
    if (stored === undefined) throw new Error(`no identity in ${dataDir}`)
    const me = decodeIdentity(stored)
    const [record] = await store.listIncidents()
    if (record === undefined) throw new Error(`no incident in ${dataDir}`)
    const t0 = now()
    const incident = await Incident.load(store, me, QUIET, record)
    // The digest reads the workspace, which start-up leaves unbuilt until then: timed with it.
    incident.digest()
    return { store, incident, loadMs: now() - t0 }
  } catch (err) {
    await store.close()
    throw err
  }
}

export interface FloorResult {
  /** Best of the runs: iterate, decode (no signature check), decrypt, decode payload, Y.applyUpdate. */
  floorMs: number
  /** The node's own start-up load of the same store (Incident.load), for comparison. */
  incidentLoadMs: number
  entries: number
  ydocUpdates: number
}

/**
 * Copies the data folder (its daemon must be stopped; keyring and store, not the control socket) and measures, on the copy (only
 * `author`'s entries, a public key in hex, if given), the
 * floor of applying its entries with no network: read each entry from level, decodeEntry without
 * verifying, decrypt with the epoch key, decodePayload, and Y.applyUpdate every workspace update
 * into a fresh Y.Doc. The epoch keys come from Incident.load (not timed as part of the floor).
 */
export async function measureFloor (dataDir: string, copyDir: string, runs = 3, author?: string): Promise<FloorResult> {
  await cp(dataDir, copyDir, { recursive: true, filter: (src) => basename(src) !== 'control.sock' })
  const { store, incident, loadMs } = await openIncident(copyDir)
  try {
    let best = Infinity
    let entries = 0
    let ydocUpdates = 0
    for (let run = 0; run < runs; run++) {
      const doc = new Y.Doc()
      entries = 0
      ydocUpdates = 0
      const t0 = now()
      for await (const { author: by, wire } of store.entries(incident.idHex)) {
        if (author !== undefined && by !== author) continue
        const entry = decodeEntry(wire, { verify: false })
        entries++
        const key = incident.epochKey(entry.body.e)
        if (key === undefined) continue
        const payload = decodePayload(decryptEntry(entry, key))
        if (payload?.k === 'ydoc') { Y.applyUpdate(doc, payload.u); ydocUpdates++ }
      }
      best = Math.min(best, now() - t0)
      doc.destroy()
    }
    return { floorMs: best, incidentLoadMs: loadMs, entries, ydocUpdates }
  } finally {
    await store.close()
  }
}

/**
 * Writes a data folder holding one incident with `total` entries of its own device: every
 * `timelineEvery`-th a workspace update adding a timeline entry, the rest chat messages. Uses
 * the library (Store, Incident, createEntry) with no network (`textOf`: each message's text); entries are batched and synced to
 * disk once at the end. A daemon started on the folder then loads it like any other.
 */
export async function generateDataSet (dataDir: string, total: number, timelineEvery = 10, textOf: (seq: number) => string = seq => `message ${seq} ` + 'x'.repeat(80)): Promise<{ ms: number, incidentId: string }> {
  const t0 = now()
  const store = await openStore(dataDir)
  try {
    const me = await generateIdentity()
    await store.putIdentity(encodeIdentity(me))
    await store.putProfileName('cold')
    const incident = await Incident.create(store, me, QUIET, 'cold start', 'cold')
    const { epochId, key } = incident.writingKey()
    let prev: Uint8Array = new Uint8Array(0)
    let lamport = incident.logs.lamport
    let batch: Entry[] = []
    for (let seq = 1; seq <= total; seq++) {
      const payload = seq % timelineEvery === 0
        ? { k: 'ydoc' as const, u: incident.workspace.change(ws => addTimeline(ws, newId(), { occurredAt: new Date().toISOString(), text: `timeline entry ${seq}`, source: 'bench', tags: ['bench'], evidence: [], createdAt: Date.now() })) as Uint8Array }
        : { k: 'msg' as const, text: textOf(seq) }
      const entry = createEntry(me.signer, { incidentId: incident.id, seq, prev, lamport: ++lamport, ts: Date.now(), epochId, epochKey: key, plaintext: encodePayload(payload) })
      prev = entry.hash
      batch.push(entry)
      if (batch.length === 1000 || seq === total) {
        await store.putEntries(incident.idHex, batch, seq === total)
        batch = []
      }
    }
    return { ms: now() - t0, incidentId: incident.idHex }
  } finally {
    await store.close()
  }
}
