// Replayed entries are duplicates, whatever gossipsub's seen-cache says (docs/PROTOCOL.md,
// entry validation: an entry already held at (author, seq) is a duplicate).
//
// Real nodes on 127.0.0.1 in this process: Lifeboat nodes A (admin) and B (member), and R, a raw
// libp2p member that joined by hand and overhears every entry on the incident's topic. R then
// re-injects what it captured:
//   (a) with byte-different but equivalent framing: the gossip frame's CBOR map in another key
//       order, its version as a half/single/double float, the entry's {b, g} map reordered. The
//       strict decoder accepts all of them and they decode to the same entry (same body bytes,
//       signature and hash), but gossipsub's message id is a hash of the frame bytes, so its
//       seen-cache cannot catch them: each one reaches the topic validator;
//   (b) byte-identical, after B restarts (its seen-cache is then empty), from a fresh R (same key).
// Either way each replay is judged a duplicate (Ignore: not forwarded, not counted as bad): no new
// message, no change of digest or entry count, no fork. The topic validator of A and B is wrapped
// to record each verdict, so the test knows every replay was judged rather than merely lost.
// Variants are picked with a seeded PRNG; the seed is printed (LIFEBOAT_TEST_SEED=<seed> replays).
import '../../p2p/polyfill.js'
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { TopicValidatorResult } from '@libp2p/gossipsub'
import { concatBytes, toHex } from '../../p2p/codec/bytes.js'
import { decodeCbor, encodeCbor } from '../../p2p/codec/cbor.js'
import { sha256 } from '../../p2p/crypto/hash.js'
import { createLifeboat, type LifeboatNode } from '../../p2p/index.js'
import type { IncidentStatus } from '../../p2p/api/types.js'
import { decodeEntry } from '../../p2p/log/entry.js'
import { decodeInviteLink } from '../../p2p/membership/invite-link.js'
import { decodeGossipFrame } from '../../p2p/services/gossip/gossip-frames.js'
import type { LifeboatLibp2p } from '../../p2p/net/service.js'
import { overheardEntries, type OverheardEntry } from '../support/forged-entries.js'
import { LOOPBACK_LISTEN, makeIncident, TestNet, waitForMessage, waitForRoster, waitForSameDigest } from '../support/nodes.js'
import { mulberry32, randomInt, testSeed, type Rng } from '../support/prng.js'
import { startRawNode, type RawNode } from '../support/raw-node.js'
import { rawJoin } from '../support/raw-protocols.js'
import { waitFor } from '../support/wait.js'

const SEED = testSeed()
const rng = mulberry32(SEED)
const seeded = (what: string): string => `${what} [seed ${SEED}; rerun with LIFEBOAT_TEST_SEED=${SEED}]`
console.log(`# reliability-replay seed ${SEED}`)

/** Re-framed copies of each captured entry that R sends (out of the 47 equivalent framings). */
const VARIANTS_PER_ENTRY = 10

const net = new TestNet()
const dirs: string[] = []
let a: LifeboatNode
let b: LifeboatNode
let bDir: string
let r: RawNode
let incidentId: string
let topic: string
let captured: OverheardEntry[]
const events = { messages: 0, forks: 0 }

// ---- equivalent CBOR framings --------------------------------------------------------------

/** The number 1 (every frame's version) as CBOR: integer, half, single and double float. */
const ONE = [Uint8Array.of(0x01), Uint8Array.of(0xf9, 0x3c, 0x00), Uint8Array.of(0xfa, 0x3f, 0x80, 0, 0), Uint8Array.of(0xfb, 0x3f, 0xf0, 0, 0, 0, 0, 0, 0)]

function permutations<T> (items: readonly T[]): T[][] {
  if (items.length <= 1) return [[...items]]
  return items.flatMap((item, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map(rest => [item, ...rest]))
}

/** A CBOR map of the given (already encoded) values, keys in exactly the given order. */
function mapInOrder (fields: Array<[string, Uint8Array]>): Uint8Array {
  return concatBytes(Uint8Array.of(0xa0 + fields.length), ...fields.flatMap(([key, value]) => [encodeCbor(key), value]))
}

/** Every framing of a gossip frame {v, k, <payload key>} equivalent to `data`, `data` itself left out. */
function equivalentFramings (data: Uint8Array): Uint8Array[] {
  const frame = decodeCbor(data, 1 << 21) as Record<string, unknown>
  const payloadKey = Object.keys(frame).find(k => k !== 'v' && k !== 'k') as string
  const payload = frame[payloadKey] as Uint8Array
  // An entry wire {b, g} can itself be reordered; a presence wire too.
  const inner = decodeCbor(payload, 1 << 21) as { b: Uint8Array, g: Uint8Array }
  const payloads = permutations(['b', 'g'] as const).map(order => mapInOrder(order.map(k => [k, encodeCbor(inner[k])])))
  const out = new Map<string, Uint8Array>()
  for (const order of permutations(['v', 'k', payloadKey])) {
    for (const one of ONE) {
      for (const p of payloads) {
        const bytes = mapInOrder(order.map(k => [k, k === 'v' ? one : k === 'k' ? encodeCbor(frame.k) : encodeCbor(p)]))
        if (toHex(bytes) !== toHex(data)) out.set(toHex(bytes), bytes)
      }
    }
  }
  return [...out.values()]
}

function pick<T> (items: readonly T[], count: number, random: Rng): T[] {
  const pool = [...items]
  const out: T[] = []
  while (out.length < count && pool.length > 0) out.push(pool.splice(randomInt(random, pool.length), 1)[0] as T)
  return out
}

// ---- watching the nodes --------------------------------------------------------------------

const dataKey = (data: Uint8Array): string => toHex(sha256(data))

/**
 * Wraps `node`'s topic validator for `topic` to record each verdict, by hash of the message data.
 * Reaches into the node (LifeboatNodeImpl keeps libp2p in `ctx`): re-run after a restart.
 */
function recordVerdicts (node: LifeboatNode, what: string): Map<string, string[]> {
  const pubsub = (node as unknown as { ctx?: { libp2p?: LifeboatLibp2p } }).ctx?.libp2p?.services.pubsub
  const validator = pubsub?.topicValidators.get(topic)
  if (pubsub === undefined || validator === undefined) throw new Error(`cannot find ${what}'s topic validator (has LifeboatNodeImpl's ctx moved?)`)
  const verdicts = new Map<string, string[]>()
  pubsub.topicValidators.set(topic, async (from, message) => {
    const verdict = await validator(from, message)
    const key = dataKey(message.data)
    verdicts.set(key, [...(verdicts.get(key) ?? []), verdict])
    return verdict
  })
  return verdicts
}

/** Whether `node`'s gossipsub still caches, and so offers peers, the message with this data. */
function inGossipCache (node: LifeboatNode, data: Uint8Array): boolean {
  const pubsub = (node as unknown as { ctx: { libp2p: LifeboatLibp2p } }).ctx.libp2p.services.pubsub as unknown as { mcache: { msgs: Map<string, unknown> } }
  // Keyed by the message id (the data's SHA-256) in unpadded base64.
  return pubsub.mcache.msgs.has(Buffer.from(sha256(data)).toString('base64').replace(/=+$/, ''))
}

interface Snapshot { status: IncidentStatus, messages: string, forks: number, dropped: Record<string, number> }

async function snapshot (node: LifeboatNode): Promise<Snapshot> {
  const [status, messages, stats] = await Promise.all([
    node.call('status', { incidentId }), node.call('messages', { incidentId }), node.call('stats', {})
  ])
  // Only what gossip input is counted under (a sync pull from R, who serves none, may fail meanwhile).
  const dropped = Object.fromEntries(Object.entries(stats.dropped).filter(([key]) => key.startsWith('gossip:') || key.startsWith('presence:')))
  return { status, messages: JSON.stringify(messages), forks: stats.forks, dropped }
}

function assertUnchanged (what: string, before: Snapshot, now: Snapshot): void {
  assert.equal(now.status.digest, before.status.digest, seeded(`${what}: status digest changed`))
  assert.equal(now.status.entries, before.status.entries, seeded(`${what}: entry count changed`))
  assert.deepEqual(now.status.authors, before.status.authors, seeded(`${what}: version vector changed`))
  assert.equal(now.messages, before.messages, seeded(`${what}: messages changed`))
  assert.equal(now.forks, before.forks, seeded(`${what}: a fork was reported`))
}

/** Waits until `verdicts` holds a verdict for each of `sent`; returns the verdicts, one per message. */
async function judged (verdicts: Map<string, string[]>, sent: Uint8Array[], what: string): Promise<string[]> {
  await waitFor(seeded(`${what} to judge all ${sent.length} replays`), () => sent.every(d => verdicts.has(dataKey(d))), { timeoutMs: 15_000 })
  return sent.flatMap(d => verdicts.get(dataKey(d)) ?? [])
}

async function startB (): Promise<LifeboatNode> {
  const node = await createLifeboat({ dataDir: bDir, listen: LOOPBACK_LISTEN, mdns: false, dht: false, name: 'Bea' })
  node.on('message', () => { events.messages++ })
  node.on('fork', () => { events.forks++ })
  return net.track('lifeboat Bea', node)
}

/** A raw node with R's key (a fresh instance, so a fresh seen-cache), on the topic with `peers` in its mesh. */
async function startR (peers: LifeboatNode[], identity?: RawNode['identity']): Promise<RawNode> {
  const node = net.track('raw member R', await startRawNode(identity === undefined ? {} : { identity }))
  for (const peer of peers) await node.connect(peer.addrs())
  return node
}

describe('reliability: replayed entries are duplicates', { timeout: 90_000 }, () => {
  before(async () => {
    bDir = await mkdtemp(join(tmpdir(), 'lifeboat-replay-b-'))
    dirs.push(bDir)
    a = await net.lifeboat('Ana')
    a.on('message', () => { events.messages++ })
    a.on('fork', () => { events.forks++ })
    b = await startB()
    ;({ incidentId, topic } = await makeIncident(a, [b]))

    // R joins by hand through A, then listens on the topic with A and B in its mesh.
    r = await startR([a, b])
    const { invite } = await a.call('createInvite', { incidentId, role: 'responder', expiresInMs: 60_000, uses: 1 })
    const joined = await rawJoin(r, a.peerId, decodeInviteLink(invite), { name: 'Replaying Ray' })
    assert.ok(joined.ok, `R's join was refused: ${joined.ok ? '' : joined.refusal.m}`)
    await waitForRoster([a, b], incidentId, [a.peerId, b.peerId, r.peerId])
    r.subscribe(topic)
    await r.waitForMesh(topic, [a.peerId, b.peerId])

    // Every kind of entry: chat messages, an edit, a reaction, timeline and note updates (Yjs).
    const first = await a.call('sendMessage', { incidentId, text: 'Isolated VLAN 40' })
    await waitForMessage(b, incidentId, 'Isolated VLAN 40')
    for (const text of ['Imaging fs-02', 'Call the insurer at 14:00']) await a.call('sendMessage', { incidentId, text })
    await a.call('editMessage', { incidentId, id: first.id, text: 'Isolated VLAN 40 and 41' })
    await b.call('react', { incidentId, id: first.id, emoji: '👍', on: true })
    for (const text of ['fs-02 image verified', 'Backups are offline', 'Legal informed']) await b.call('sendMessage', { incidentId, text })
    await a.call('timelineAdd', { incidentId, occurredAt: '2026-03-01T08:15:00Z', text: 'First encrypted share seen', source: 'EDR' })
    await b.call('timelineAdd', { incidentId, occurredAt: '2026-03-01T09:00:00Z', text: 'VLAN 40 isolated' })
    await b.call('noteAppend', { incidentId, name: 'scoping', text: 'Plant 3 only, so far.' })
    await waitForSameDigest([a, b], incidentId)
    const { entries } = await a.call('status', { incidentId })
    await waitFor(`R to overhear all ${entries} entries`, () => overheardEntries(r.received, topic).length >= entries)
    captured = overheardEntries(r.received, topic)
    assert.equal(new Set(captured.map(e => e.entry.hashHex)).size, entries, 'R overheard each entry once')
  })

  after(async () => {
    const problems = await net.stop()
    for (const dir of dirs) await rm(dir, { recursive: true, force: true })
    assert.deepEqual(problems, [], 'every node stopped cleanly')
  })

  test('(a) re-framed copies get past the seen-cache, reach the validator and are ignored as duplicates', async () => {
    const replays: Uint8Array[] = []
    for (const { data, entry } of captured) {
      const framings = equivalentFramings(data)
      assert.equal(framings.length, 47, 'every equivalent framing of an entry frame')
      for (const bytes of pick(framings, VARIANTS_PER_ENTRY, rng)) {
        // Equivalent: the strict decoder takes it, and it is the very same entry.
        const frame = decodeGossipFrame(bytes)
        assert.equal(frame.k, 'e')
        assert.equal(frame.k === 'e' ? decodeEntry(frame.e).hashHex : '', entry.hashHex, seeded('a re-framed copy decodes to the same entry'))
        replays.push(bytes)
      }
    }
    const [verdictsA, verdictsB] = [recordVerdicts(a, 'A'), recordVerdicts(b, 'B')]
    const [beforeA, beforeB] = await Promise.all([snapshot(a), snapshot(b)])
    const eventsBefore = { ...events }

    const started = Date.now()
    for (const bytes of replays) {
      const recipients = await r.publish(topic, bytes)
      assert.ok(recipients.includes(a.peerId) && recipients.includes(b.peerId), 'R sent the replay to A and B')
    }
    const [onA, onB] = await Promise.all([judged(verdictsA, replays, 'A'), judged(verdictsB, replays, 'B')])
    const judgedMs = Date.now() - started
    for (const [who, verdicts] of [['A', onA], ['B', onB]] as const) {
      assert.equal(verdicts.length, replays.length, seeded(`${who} judged each replay exactly once (none was forwarded back to it)`))
      assert.deepEqual([...new Set(verdicts)], [TopicValidatorResult.Ignore], seeded(`${who} ignored every replay as a duplicate`))
    }

    const [afterA, afterB] = await Promise.all([snapshot(a), snapshot(b)])
    assertUnchanged('A', beforeA, afterA)
    assertUnchanged('B', beforeB, afterB)
    assert.deepEqual(afterA.dropped, beforeA.dropped, 'a duplicate is not counted as bad input on A')
    assert.deepEqual(afterB.dropped, beforeB.dropped, 'a duplicate is not counted as bad input on B')
    assert.deepEqual(events, eventsBefore, 'no message or fork event for a replay')

    // The nodes still take new entries.
    await a.call('sendMessage', { incidentId, text: 'after the replays' })
    await waitForMessage(b, incidentId, 'after the replays')
    console.log(`# (a) ${replays.length} re-framed replays of ${captured.length} entries: all ${replays.length * 2} judged Ignore on A and B in ${judgedMs} ms; digests unchanged`)
  })

  test('(a) re-framed copies of a presence update are stale: no second presence event', async () => {
    const seen: number[] = []
    const off = b.on('presence', (p) => { if (p.peerId === a.peerId) seen.push(p.ts) })
    try {
      const before = r.received.length
      await a.call('setPresence', { incidentId, state: { note: 'scoping', line: 3 } })
      await waitFor('B to see A\'s presence', () => seen.length === 1)
      const data = await waitFor('R to overhear A\'s presence', () => r.received.slice(before).find(m => m.topic === topic && decodeGossipFrame(m.data).k === 'p')?.data)
      const replays = pick(equivalentFramings(data), VARIANTS_PER_ENTRY, rng)
      const verdictsB = recordVerdicts(b, 'B')
      for (const bytes of replays) await r.publish(topic, bytes)
      const onB = await judged(verdictsB, replays, 'B')
      assert.deepEqual([...new Set(onB)], [TopicValidatorResult.Ignore], seeded('B ignored every re-framed presence copy'))
      assert.equal(seen.length, 1, seeded('B reported A\'s presence once'))
      console.log(`# (a) ${replays.length} re-framed copies of one presence update: all judged Ignore (stale) on B, one presence event`)
    } finally {
      off()
    }
  })

  test('(b) identical bytes after B restarts (empty seen-cache) are ignored as duplicates', async () => {
    // A's gossip cache must have let the originals go first: while A holds one (for a few
    // heartbeats, longer on a loaded machine) it offers it (IHAVE) to the restarted B, which
    // fetches it and so fills its seen-cache before R replays it.
    await waitFor('A\'s gossip cache to age out the original entries', () => captured.every(c => !inGossipCache(a, c.data)))
    const identity = r.identity
    await net.stopOne(r)
    await net.stopOne(b)
    b = await startB()
    await waitForSameDigest([a, b], incidentId, 15_000) // B reconnects to A and catches up on what it missed
    r = await startR([b], identity)
    r.subscribe(topic)
    await r.waitForMesh(topic, [b.peerId])
    const verdictsB = recordVerdicts(b, 'B (restarted)')
    const beforeB = await snapshot(b)
    const eventsBefore = { ...events }

    const replays = captured.map(c => c.data)
    for (const bytes of replays) assert.ok((await r.publish(topic, bytes)).includes(b.peerId), 'R sent the identical bytes to B')
    const onB = await judged(verdictsB, replays, 'restarted B')
    assert.equal(onB.length, replays.length, seeded('B judged each identical replay once'))
    assert.deepEqual([...new Set(onB)], [TopicValidatorResult.Ignore], seeded('the restarted B ignored every identical replay as a duplicate'))
    const afterB = await snapshot(b)
    assertUnchanged('restarted B', beforeB, afterB)
    assert.deepEqual(afterB.dropped, beforeB.dropped, 'a duplicate is not counted as bad input')
    assert.deepEqual(events, eventsBefore, 'no message or fork event for a replay')

    // Still live both ways after the replays.
    await b.call('sendMessage', { incidentId, text: 'B is fine' })
    await waitForMessage(a, incidentId, 'B is fine')
    await waitForSameDigest([a, b], incidentId)
    console.log(`# (b) ${replays.length} byte-identical replays after B's restart: all judged Ignore; digest, entries and messages unchanged`)
  })
})
