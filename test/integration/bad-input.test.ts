// Malformed input on every protocol and on the incident topic never crashes a node: it is
// dropped, counted in stats().dropped, and the node keeps working.
//
// Real nodes on 127.0.0.1 in this process: Lifeboat nodes A (admin, fast sync interval) and B
// (member, connected to A only); raw libp2p nodes: O (outsider, on the topic), G (a member that
// joined by hand and answers A's sync pulls with garbage), F (a fake admin answering joins with
// garbage), S (opens streams and never writes), and a pool of fresh peers for join garbage (the
// join service allows five attempts a minute per peer). Inputs come from a seeded PRNG; the seed
// is printed, and LIFEBOAT_TEST_SEED=<seed> replays a run.
import '../../p2p/polyfill.js'
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import type { Stream } from '@libp2p/interface'
import { fromHex, toHex } from '../../p2p/codec/bytes.js'
import { MAX_CIPHERTEXT_BYTES } from '../../p2p/log/entry.js'
import { encodeCbor } from '../../p2p/codec/cbor.js'
import { randomKey } from '../../p2p/crypto/aead.js'
import { publicKeyOf } from '../../p2p/identity/peer-key.js'
import type { LifeboatNode, NodeStats } from '../../p2p/index.js'
import { inviteKey } from '../../p2p/membership/invite-key.js'
import { decodeInviteLink, encodeInviteLink, type InviteLink } from '../../p2p/membership/invite-link.js'
import { decodeJoinMessage, encodeJoinMessage, MAX_JOIN_FRAME_BYTES } from '../../p2p/services/join/join-messages.js'
import { encodeEntryFrame, encodeHeadsFrame } from '../../p2p/services/gossip/gossip-frames.js'
import { JOIN_PROTOCOL, SYNC_PROTOCOL } from '../../p2p/net/protocols.js'
import { decodeSyncMessage, encodeSyncMessage, MAX_SYNC_REQUEST_BYTES } from '../../p2p/services/sync/sync-messages.js'
import { impostor, messageEntry, overheardEntries } from '../support/forged-entries.js'
import { concat, frame, framingCases, mulberry32, payloadCases, randomBytesFrom, randomCases, testSeed, varint, type GarbageCase } from '../support/garbage.js'
import { dropDelta, droppedUnder, makeIncident, TestNet, waitForMessage, waitForRoster, waitForSameDigest } from '../support/nodes.js'
import { startRawNode, type RawNode } from '../support/raw-node.js'
import { openRawStream, rawJoin, RawStream } from '../support/raw-protocols.js'
import { waitFor } from '../support/wait.js'

const SEED = testSeed()
const rng = mulberry32(SEED)
const seeded = (what: string): string => `${what} [seed ${SEED}; rerun with LIFEBOAT_TEST_SEED=${SEED}]`
console.log(`# bad-input fuzz seed ${SEED}`)

// What the node's handlers wait for a silent peer (p2p/membership/join-service.ts STEP_TIMEOUT_MS,
// p2p/sync/sync-service.ts READ_TIMEOUT_MS).
const JOIN_STEP_TIMEOUT_MS = 10_000
const SYNC_READ_TIMEOUT_MS = 30_000

const net = new TestNet()
let a: LifeboatNode
let b: LifeboatNode
let outsider: RawNode
let g: RawNode
let incidentId: string
let incidentBytes: Uint8Array
let topic: string
let gEpoch: { id: number, key: Uint8Array }
/** The roster G was sent on joining: real, signed ops of this incident. */
let gRoster: Uint8Array[]
let joinLink: InviteLink
const unhandled: unknown[] = []
const onUnhandled = (reason: unknown): void => { unhandled.push(reason) }

/** What G answers to A's next sync pulls (one case per pull; a valid empty `end` when none). */
const gAnswers: Array<{ name: string, raw?: Uint8Array, frames?: Uint8Array[] }> = []
const gServed: string[] = []

/** S's silent streams, opened in `before`. */
const silent: { opened: number, syncOpened: number, sync?: RawStream, join?: RawStream, outsiderSync?: RawStream } = { opened: 0, syncOpened: 0 }

const stats = async (node: LifeboatNode): Promise<NodeStats> => await node.call('stats', {})
/** Drops under `prefix`, leaving out the silent peer's timeouts (they land whenever they are due). */
const garbageDrops = (s: NodeStats, prefix: string): number => droppedUnder(s, prefix) - (s.dropped[`${prefix}timeout`] ?? 0)

/** An entry wire with any body, validly signed by `by` (so only the body's shape is wrong). */
function signedBody (by: RawNode, body: Record<string, unknown>): Uint8Array {
  const b = encodeCbor(body)
  return encodeCbor({ b, g: by.identity.signer.sign(b) })
}

/** Drops duplicates (gossipsub would refuse to publish the same data twice). */
function unique (cases: GarbageCase[]): GarbageCase[] {
  const seen = new Set<string>()
  return cases.filter(c => { const k = toHex(c.bytes); if (seen.has(k)) return false; seen.add(k); return true })
}

/** Writes `bytes` as they are on a new stream, closes our side, and reads whatever comes back. */
async function throwAt (from: RawNode, protocol: string, bytes: Uint8Array): Promise<{ frames: Uint8Array[], end: string }> {
  const s = await openRawStream(from, a.peerId, protocol)
  try {
    try {
      await s.writeRaw(bytes)
      await s.closeWrite()
    } catch { /* the node may hang up before we finish: that is allowed */ }
    return await s.readToEnd(5_000)
  } finally {
    s.abort()
  }
}

/** A pool of fresh raw peers connected to A, each used at most `perPeer` times. */
function peerPool (perPeer: number): () => Promise<RawNode> {
  let current: RawNode | undefined
  let uses = 0
  return async () => {
    if (current === undefined || uses >= perPeer) {
      current = net.track('pool peer', await startRawNode())
      await current.connect(a.addrs())
      uses = 0
    }
    uses++
    return current
  }
}

describe('bad input', { timeout: 60_000 }, () => {
  before(async () => {
    process.on('unhandledRejection', onUnhandled)
    ;[a, b] = await Promise.all([net.lifeboat('Alice', { syncIntervalMs: 150 }), net.lifeboat('Bob')])
    ;({ incidentId, topic } = await makeIncident(a, [b]))
    incidentBytes = fromHex(incidentId)

    // S: opens a join stream (and a sync stream, which A refuses once a stranger's 5 s to ask are
    // over: S shares no incident) and never writes a byte.
    const s = net.track('silent peer S', await startRawNode())
    await s.connect(a.addrs())
    silent.opened = Date.now()
    silent.outsiderSync = await openRawStream(s, a.peerId, SYNC_PROTOCOL)
    silent.join = await openRawStream(s, a.peerId, JOIN_PROTOCOL)

    // G: a member (joined by hand) whose sync server answers with whatever the test queues.
    g = net.track('raw member G', await startRawNode())
    await g.libp2p.handle(SYNC_PROTOCOL, (stream) => { void answerPull(stream) })
    await g.connect(a.addrs())
    const { invite } = await a.call('createInvite', { incidentId, role: 'responder', expiresInMs: 60_000, uses: 1 })
    const joined = await rawJoin(g, a.peerId, decodeInviteLink(invite), { name: 'Garbage Gary' })
    assert.ok(joined.ok, 'G joined')
    gEpoch = { id: joined.currentEpoch, key: joined.epochKeys.get(joined.currentEpoch) as Uint8Array }
    gRoster = joined.ops.map(op => op.wire)
    await waitForRoster([a, b], incidentId, [a.peerId, b.peerId, g.peerId])
    g.subscribe(topic)
    // G, a member, also opens a sync stream and never writes: that one A must time out.
    silent.syncOpened = Date.now()
    silent.sync = await openRawStream(g, a.peerId, SYNC_PROTOCOL)

    // O: an outsider on the topic, connected to A only.
    outsider = net.track('raw outsider O', await startRawNode())
    await outsider.connect(a.addrs())
    outsider.subscribe(topic)
    // Members keep non-members out of their mesh; the outsider publishes to A by flood-publish once it knows A's subscription.
    await waitFor('the outsider to learn A\'s subscription', () => outsider.libp2p.services.pubsub.getSubscribers(topic).some(p => p.toString() === a.peerId))
    await g.waitForMesh(topic, [a.peerId])

    // A long-lived invite, so join garbage can also come after a valid first step.
    joinLink = decodeInviteLink((await a.call('createInvite', { incidentId, role: 'guest', expiresInMs: 600_000, uses: 10_000 })).invite)
  })

  after(async () => {
    process.off('unhandledRejection', onUnhandled)
    const problems = await net.stop()
    assert.deepEqual(problems, [], 'every node stopped cleanly')
  })

  async function answerPull (stream: Stream): Promise<void> {
    const s = new RawStream(stream)
    try {
      await s.readFrame(2_000)
      const next = gAnswers.shift()
      if (next === undefined) {
        await s.writeFrame(encodeSyncMessage({ t: 'end', h: [], vv: [] }))
      } else {
        gServed.push(next.name)
        if (next.raw !== undefined) await s.writeRaw(next.raw)
        for (const f of next.frames ?? []) await s.writeFrame(f)
      }
      await s.closeWrite()
    } catch {
      s.abort()
    }
  }

  test('sync server: garbage requests from an outsider and from a member are dropped and counted', async () => {
    const validReq = { v: 1, t: 'req', i: incidentBytes, h: [], vv: [] }
    const wrongStep = [
      { name: 'end first', bytes: encodeSyncMessage({ t: 'end', h: [], vv: [] }) },
      { name: 'ents first', bytes: encodeSyncMessage({ t: 'ents', e: [] }) },
      { name: 'ops first', bytes: encodeSyncMessage({ t: 'ops', o: [] }) },
      { name: 'no first', bytes: encodeSyncMessage({ t: 'no', c: 'x' }) },
      { name: '1025 heads', bytes: encodeCbor({ ...validReq, h: Array.from({ length: 1025 }, () => new Uint8Array(32)) }) },
      { name: '10 001 authors in the version vector', bytes: encodeCbor({ ...validReq, vv: Array.from({ length: 10_001 }, (_, i) => [new Uint8Array(32).fill(i % 256), i]) }) },
      { name: 'a 65-character refusal code', bytes: encodeCbor({ v: 1, t: 'no', c: 'x'.repeat(65) }) }
    ]
    const cases = [
      ...framingCases(rng, encodeCbor(validReq), MAX_SYNC_REQUEST_BYTES),
      ...[...payloadCases(rng, validReq, 't'), ...wrongStep].map(c => ({ name: `frame: ${c.name}`, bytes: frame(c.bytes) }))
    ]
    // An outsider shares no incident with A: its request is read (small, a few at a time, in case
    // it is a member A does not count yet, roster-claims.ts), and it gets one clear `no`.
    const outsiderBefore = await stats(a)
    for (const c of cases) {
      const { frames } = await throwAt(outsider, SYNC_PROTOCOL, c.bytes)
      assert.deepEqual(frames.map(f => decodeSyncMessage(f)), [{ v: 1, t: 'no', c: 'not-member' }], seeded(`A's answer to the outsider's "${c.name}"`))
    }
    await waitFor(seeded('A to count every outsider request as not-member'), async () =>
      ((await stats(a)).dropped['sync-serve:not-member'] ?? 0) - (outsiderBefore.dropped['sync-serve:not-member'] ?? 0) === cases.length)
    for (const from of [g]) {
      const before = await stats(a)
      for (const c of cases) {
        const { frames, end } = await throwAt(from, SYNC_PROTOCOL, c.bytes)
        assert.deepEqual(frames, [], seeded(`A answered "${c.name}" with data`))
        assert.notEqual(end, 'TimeoutError', seeded(`A left the stream of "${c.name}" open`))
      }
      await waitFor(seeded(`A to count ${cases.length} bad sync requests`), async () => garbageDrops(await stats(a), 'sync-serve:') - garbageDrops(before, 'sync-serve:') === cases.length)
      const delta = dropDelta(before, await stats(a))
      assert.equal(delta['sync-serve:not-member'], undefined, 'none was mistaken for a request')
      console.log(`# sync-serve drops for ${cases.length} cases from ${from === g ? 'member G' : 'outsider O'}: ${JSON.stringify(delta)}`)
    }
  })

  test('sync client: garbage answers from a member are dropped and counted', async () => {
    const junkEntry = randomBytesFrom(rng, 200)
    const forged = messageEntry(impostor(publicKeyOf(a.peerId), g.identity.signer), { incidentId: incidentBytes, seq: 99, prev: new Uint8Array(32), epochId: gEpoch.id, epochKey: gEpoch.key }, 'forged').wire
    const strangers = messageEntry(outsider.identity.signer, { incidentId: incidentBytes, seq: 1, prev: new Uint8Array(0), epochId: gEpoch.id, epochKey: randomKey() }, 'stranger').wire
    const badEpoch = messageEntry(g.identity.signer, { incidentId: incidentBytes, seq: 1, prev: new Uint8Array(0), epochId: (gEpoch.id + 1) >>> 0, epochKey: randomKey() }, 'bad epoch').wire
    const end = encodeSyncMessage({ t: 'end', h: [], vv: [] })
    const answers: Array<{ name: string, raw?: Uint8Array, frames?: Uint8Array[], expect: Record<string, number> }> = [
      ...randomCases(rng, 3, 256).map(c => ({ name: `unframed ${c.name}`, raw: c.bytes, expect: { 'sync-pull:': 1 } })),
      { name: 'nothing (closed at once)', expect: { 'sync-pull:': 1 } },
      { name: 'a truncated end frame', raw: frame(end).subarray(0, 3), expect: { 'sync-pull:': 1 } },
      { name: 'a length prefix claiming 100 MB', raw: concat(varint(100_000_000), randomBytesFrom(rng, 32)), expect: { 'sync-pull:': 1 } },
      { name: 'an over-long varint', raw: new Uint8Array(11).fill(0xff), expect: { 'sync-pull:': 1 } },
      ...payloadCases(rng, { v: 1, t: 'end', h: [], vv: [] }, 't').map(c => ({ name: `frame: ${c.name}`, frames: [c.bytes], expect: { 'sync-pull:': 1 } })),
      { name: 'a req as an answer', frames: [encodeSyncMessage({ t: 'req', i: incidentBytes, h: [], vv: [] })], expect: { 'sync-pull:': 1 } },
      { name: '257 entries in one batch', frames: [encodeCbor({ v: 1, t: 'ents', e: Array.from({ length: 257 }, () => junkEntry) })], expect: { 'sync-pull:': 1 } },
      { name: '1025 roster ops in one batch', frames: [encodeCbor({ v: 1, t: 'ops', o: Array.from({ length: 1025 }, () => junkEntry) })], expect: { 'sync-pull:': 1 } },
      { name: 'entries that do not decode', frames: [encodeSyncMessage({ t: 'ents', e: [junkEntry, forged.subarray(0, 50), encodeCbor({ b: 1, g: 2 })] }), end], expect: { 'sync-entries:wire-format': 3 } },
      { name: 'an entry of A signed by G', frames: [encodeSyncMessage({ t: 'ents', e: [forged] }), end], expect: { 'sync-entries:bad-signature': 1 } },
      { name: 'an outsider\'s entry', frames: [encodeSyncMessage({ t: 'ents', e: [strangers] }), end], expect: { 'sync-entries:unknown-author': 1 } },
      { name: 'G\'s entry in an epoch that does not exist', frames: [encodeSyncMessage({ t: 'ents', e: [badEpoch] }), end], expect: { 'sync-entries:reject': 1 } },
      { name: 'roster ops that do not decode', frames: [encodeSyncMessage({ t: 'ops', o: [junkEntry, encodeCbor({ b: new Uint8Array(3), s: new Uint8Array(64) })] }), end], expect: { 'sync-ops:wire-format': 2 } }
    ]
    const sumOf = (s: NodeStats, key: string): number => key.endsWith(':') ? droppedUnder(s, key) : (s.dropped[key] ?? 0)
    for (const answer of answers) {
      const before = await stats(a)
      gAnswers.push(answer)
      await waitFor(seeded(`A to pull "${answer.name}" from G and count it`), async () => {
        const now = await stats(a)
        return Object.entries(answer.expect).every(([key, n]) => sumOf(now, key) - sumOf(before, key) === n)
      }, { timeoutMs: 5_000 })
      assert.equal(gAnswers.length, 0)
    }
    assert.equal(gServed.length, answers.length)
    const status = await a.call('status', { incidentId })
    assert.equal(status.authors[g.peerId], undefined, 'nothing G sent was stored')
    assert.equal(status.authors[outsider.peerId], undefined)
    assert.ok(!(await a.call('messages', { incidentId })).some(m => m.text === 'forged'))
  })

  test('join server: garbage from non-members is dropped, counted and refused clearly', async () => {
    const validJoin = { v: 1, t: 'join', i: incidentBytes, h: inviteKey(joinLink.secret).publicKey }
    const firstStep = [
      ...framingCases(rng, encodeCbor(validJoin), MAX_JOIN_FRAME_BYTES),
      ...[
        ...payloadCases(rng, validJoin, 't'),
        { name: 'a proof first', bytes: encodeJoinMessage({ t: 'proof', p: new Uint8Array(64), n: 'x', x: new Uint8Array(32) }) },
        { name: 'a welcome first', bytes: encodeJoinMessage({ t: 'welcome', o: [] }) },
        { name: 'a welcome with 4097 ops', bytes: encodeCbor({ v: 1, t: 'welcome', o: Array.from({ length: 4097 }, () => new Uint8Array(1)) }) }
      ].map(c => ({ name: `frame: ${c.name}`, bytes: frame(c.bytes) }))
    ]
    const validProof = { v: 1, t: 'proof', p: new Uint8Array(64), n: 'Mallory', x: new Uint8Array(32) }
    const secondStep = [
      ...payloadCases(rng, validProof, 't').filter(c => !c.name.startsWith('field p')),
      { name: 'a 101-character name', bytes: encodeCbor({ ...validProof, n: 'm'.repeat(101) }) },
      { name: 'an empty name', bytes: encodeCbor({ ...validProof, n: '' }) },
      { name: 'join again', bytes: encodeCbor(validJoin) }
    ]
    const nextPeer = peerPool(4)
    const before = await stats(a)
    for (const c of firstStep) {
      const { frames, end } = await throwAt(await nextPeer(), JOIN_PROTOCOL, c.bytes)
      const answers = frames.map(f => decodeJoinMessage(f))
      assert.deepEqual(answers.map(m => m.t === 'no' ? m.c : m.t), ['malformed'], seeded(`A's answer to "${c.name}" (stream end: ${end})`))
    }
    for (const c of secondStep) {
      const s = await openRawStream(await nextPeer(), a.peerId, JOIN_PROTOCOL)
      try {
        await s.writeFrame(encodeCbor(validJoin))
        assert.equal(decodeJoinMessage(await s.readFrame()).t, 'challenge')
        await s.writeFrame(c.bytes)
        const { frames } = await s.readToEnd()
        const answers = frames.map(f => decodeJoinMessage(f))
        assert.deepEqual(answers.map(m => m.t === 'no' ? m.c : m.t), ['malformed'], seeded(`A's answer to a proof that is "${c.name}"`))
      } finally {
        s.abort()
      }
    }
    const total = firstStep.length + secondStep.length
    await waitFor(seeded(`A to count ${total} bad joins`), async () => garbageDrops(await stats(a), 'join:') - garbageDrops(before, 'join:') === total)
    console.log(`# join drops for ${total} cases: ${JSON.stringify(dropDelta(before, await stats(a)))}`)

    // A peer that keeps trying is cut off by the rate limit, with a clear refusal.
    const pest = net.track('pest', await startRawNode())
    await pest.connect(a.addrs())
    const codes: string[] = []
    for (let i = 0; i < 6; i++) {
      const { frames } = await throwAt(pest, JOIN_PROTOCOL, frame(randomBytesFrom(rng, 40)))
      codes.push(...frames.map(f => { const m = decodeJoinMessage(f); return m.t === 'no' ? m.c : m.t }))
    }
    assert.deepEqual(codes, ['malformed', 'malformed', 'malformed', 'malformed', 'malformed', 'rate-limited'], seeded('refusals to a pest'))
    assert.equal((await a.call('members', { incidentId })).length, 3, 'nobody was admitted')
  })

  test('join client: a fake admin\'s garbage fails the join cleanly', async () => {
    const y = await net.lifeboat('Yvonne')
    const fake = net.track('fake admin F', await startRawNode())
    let answer: (s: RawStream) => Promise<void> = async () => undefined
    let served = 0
    await fake.libp2p.handle(JOIN_PROTOCOL, (stream) => {
      served++
      const s = new RawStream(stream)
      void (async () => {
        try {
          await s.readFrame(2_000)
          await answer(s)
          await s.closeWrite()
        } catch { s.abort() }
      })()
    })
    const link = encodeInviteLink({
      incidentId: randomKey().subarray(0, 16), title: 'Totally legit incident', secret: randomKey(),
      inviter: fake.identity.signer.publicKey, addrs: fake.libp2p.getMultiaddrs().map(String), expiresAt: Date.now() + 600_000
    })
    const challenge = encodeJoinMessage({ t: 'challenge', n: new Uint8Array(32) })
    const afterChallenge = (bytes: Uint8Array) => async (s: RawStream) => { await s.writeFrame(challenge); await s.readFrame(2_000); await s.writeRaw(bytes) }
    const cases: Array<{ name: string, answer: (s: RawStream) => Promise<void> }> = [
      ...randomCases(rng, 2, 256).map(c => ({ name: `unframed ${c.name}`, answer: async (s: RawStream) => { await s.writeRaw(c.bytes) } })),
      { name: 'nothing', answer: async () => undefined },
      { name: 'a length prefix claiming 100 MB', answer: async (s) => { await s.writeRaw(concat(varint(100_000_000), randomBytesFrom(rng, 16))) } },
      ...payloadCases(rng, { v: 1, t: 'challenge', n: new Uint8Array(32) }, 't').map(c => ({ name: `frame: ${c.name}`, answer: async (s: RawStream) => { await s.writeFrame(c.bytes) } })),
      { name: 'a welcome instead of a challenge', answer: async (s) => { await s.writeFrame(encodeJoinMessage({ t: 'welcome', o: [] })) } },
      { name: 'a 31-byte nonce', answer: async (s) => { await s.writeFrame(encodeCbor({ v: 1, t: 'challenge', n: new Uint8Array(31) })) } },
      { name: 'garbage after the challenge', answer: afterChallenge(frame(randomBytesFrom(rng, 64))) },
      { name: 'a welcome of ops that do not decode', answer: afterChallenge(frame(encodeJoinMessage({ t: 'welcome', o: [randomBytesFrom(rng, 100)] }))) },
      { name: 'a welcome with no genesis', answer: afterChallenge(frame(encodeJoinMessage({ t: 'welcome', o: [] }))) },
      { name: 'a welcome with the real roster of another incident', answer: afterChallenge(frame(encodeJoinMessage({ t: 'welcome', o: gRoster }))) },
      { name: 'a 501-character refusal', answer: async (s) => { await s.writeFrame(encodeCbor({ v: 1, t: 'no', c: 'expired', m: 'x'.repeat(501) })) } }
    ]
    for (const c of cases) {
      answer = c.answer
      const started = Date.now()
      const servedBefore = served
      const err = await y.call('join', { invite: link, timeoutMs: 100 }).then(() => undefined, (e: unknown) => e as { code?: string, message?: string })
      assert.ok(err !== undefined, seeded(`join succeeded against "${c.name}"`))
      assert.equal(err.code, 'timeout', seeded(`join error for "${c.name}": ${err.message ?? ''}`))
      assert.ok(served > servedBefore, `F was asked (for "${c.name}")`)
      assert.ok(Date.now() - started < 4_000, seeded(`join gave up on "${c.name}" in ${Date.now() - started} ms`))
    }
    assert.deepEqual(await y.call('listIncidents', {}), [], 'the garbage admitted Y to nothing')
    assert.equal((await y.call('whoami', {})).peerId, y.peerId, 'Y still answers')
  })

  test('gossip: garbage on the incident topic is dropped, counted and not forwarded', async () => {
    const validEntry = messageEntry(outsider.identity.signer, { incidentId: incidentBytes, seq: 1, prev: new Uint8Array(0), epochId: gEpoch.id, epochKey: randomKey() }, 'outsider')
    const entryFrame = { v: 1, k: 'e', e: validEntry.wire }
    const headsFrame = { v: 1, k: 'h', i: incidentBytes, h: [] }
    const otherIncident = messageEntry(outsider.identity.signer, { incidentId: randomKey().subarray(0, 16), seq: 1, prev: new Uint8Array(0), epochId: gEpoch.id, epochKey: randomKey() }, 'elsewhere')
    const impersonating = messageEntry(impostor(publicKeyOf(b.peerId), outsider.identity.signer), { incidentId: incidentBytes, seq: 50, prev: new Uint8Array(32), epochId: gEpoch.id, epochKey: randomKey() }, 'as B')
    const wrapped = (c: GarbageCase): GarbageCase => ({ name: `entry wire: ${c.name}`, bytes: encodeEntryFrame(c.bytes) })
    const cases = unique([
      ...payloadCases(rng, entryFrame, 'k'),
      ...payloadCases(rng, headsFrame, 'k').map(c => ({ ...c, name: `heads: ${c.name}` })),
      ...payloadCases(rng, { b: encodeCbor({ v: 1 }), g: new Uint8Array(64) }, 'b').map(wrapped),
      { name: 'a truncated entry frame', bytes: encodeEntryFrame(validEntry.wire).subarray(0, 40) },
      { name: '257 heads', bytes: encodeHeadsFrame(incidentBytes, Array.from({ length: 257 }, () => new Uint8Array(32))) },
      { name: 'a 600 kB frame', bytes: randomBytesFrom(rng, 600_000) },
      { name: 'a ciphertext over 512 KiB', bytes: encodeEntryFrame(signedBody(outsider, { ...validEntry.body, c: new Uint8Array(MAX_CIPHERTEXT_BYTES + 1) })) },
      { name: 'an entry body of version 2', bytes: encodeEntryFrame(signedBody(outsider, { ...validEntry.body, v: 2 })) },
      { name: 'an entry with seq 0', bytes: encodeEntryFrame(signedBody(outsider, { ...validEntry.body, s: 0 })) },
      { name: 'an entry with a 31-byte prev hash', bytes: encodeEntryFrame(signedBody(outsider, { ...validEntry.body, s: 2, p: new Uint8Array(31) })) },
      { name: 'heads from a non-member', bytes: encodeHeadsFrame(incidentBytes, [new Uint8Array(32).fill(7)]) },
      { name: 'an outsider\'s entry', bytes: encodeEntryFrame(validEntry.wire) },
      { name: 'an entry for another incident', bytes: encodeEntryFrame(otherIncident.wire) },
      { name: 'an entry claiming B, signed by O', bytes: encodeEntryFrame(impersonating.wire) }
    ])
    const [aBefore, bBefore] = [await stats(a), await stats(b)]
    for (const c of cases) {
      const recipients = await outsider.publish(topic, c.bytes)
      assert.deepEqual(recipients, [a.peerId], seeded(`"${c.name}" was sent to A`))
    }
    await waitFor(seeded(`A to drop all ${cases.length} bad gossip messages`), async () => droppedUnder(await stats(a), 'gossip:') - droppedUnder(aBefore, 'gossip:') === cases.length)
    const delta = dropDelta(aBefore, await stats(a))
    console.log(`# gossip drops for ${cases.length} cases: ${JSON.stringify(delta)}`)
    for (const key of ['gossip:wrong-incident', 'gossip:heads-from-non-member', 'gossip:unknown-author-from-non-member', 'gossip:bad-signature', 'gossip:wire-format']) {
      assert.ok((delta[key] ?? 0) >= 1, `A counted ${key}`)
    }

    // Nothing was forwarded: G (a raw node in A's mesh) saw none of it, B dropped nothing.
    const marker = await a.call('sendMessage', { incidentId, text: 'Alice: after the gossip garbage' })
    await waitForMessage(b, incidentId, 'Alice: after the gossip garbage')
    await waitFor('G to overhear the marker', () => overheardEntries(g.received, topic).some(e => `${e.author}:${e.seq}` === marker.id))
    const garbage = new Set(cases.map(c => toHex(c.bytes)))
    assert.ok(!g.received.some(r => garbage.has(toHex(r.data))), 'A forwarded garbage')
    assert.equal(droppedUnder(await stats(b), 'gossip:'), droppedUnder(bBefore, 'gossip:'))
  })

  test('gossipsub itself survives garbage RPCs, and unknown protocol versions are refused', async () => {
    const peer = await peerPool(100)()
    for (const c of framingCases(rng, encodeCbor({ x: 1 }), 4 * 1024 * 1024)) {
      // Gossipsub never answers on a peer's stream: write, close, and move on.
      const s = await openRawStream(peer, a.peerId, '/meshsub/1.1.0')
      try { await s.writeRaw(c.bytes); await s.closeWrite() } catch { /* A may hang up first */ } finally { s.abort() }
    }
    for (const protocol of ['/lifeboat/sync/2.0.0', '/lifeboat/join/0.9.0', '/lifeboat/sync/1.0.0/extra']) {
      await assert.rejects(peer.openStream(a.peerId, protocol), { name: 'UnsupportedProtocolError' }, `A refused ${protocol}`)
    }
    assert.equal((await a.call('whoami', {})).peerId, a.peerId, 'A still answers')
  })

  test('a peer that opens streams and never writes is timed out', async () => {
    const left = (ms: number): number => Math.max(1_000, ms + 5_000 - (Date.now() - silent.opened))
    await waitFor('A to time out the silent join stream', async () => ((await stats(a)).dropped['join:timeout'] ?? 0) === 1, { timeoutMs: left(JOIN_STEP_TIMEOUT_MS) })
    const join = await (silent.join as RawStream).readToEnd(2_000)
    assert.deepEqual(join.frames.map(f => decodeJoinMessage(f)).map(m => m.t === 'no' ? m.c : m.t), ['malformed'], 'a clear refusal, then A closed its side')
    assert.notEqual(join.end, 'TimeoutError')
    assert.ok(Date.now() - silent.opened >= JOIN_STEP_TIMEOUT_MS - 500, 'not timed out early')
    const refused = await (silent.outsiderSync as RawStream).readToEnd(2_000)
    assert.deepEqual(refused.frames.map(f => decodeSyncMessage(f)), [{ v: 1, t: 'no', c: 'not-member' }], 'the outsider\'s silent sync stream was refused once its time to ask was over')
    const syncLeft = Math.max(1_000, SYNC_READ_TIMEOUT_MS + 5_000 - (Date.now() - silent.syncOpened))
    await waitFor('A to time out the member\'s silent sync stream', async () => ((await stats(a)).dropped['sync-serve:timeout'] ?? 0) === 1, { timeoutMs: syncLeft })
    const sync = await (silent.sync as RawStream).readToEnd(2_000)
    assert.deepEqual(sync.frames, [])
    assert.notEqual(sync.end, 'TimeoutError', 'A ended the stream')
    assert.ok(Date.now() - silent.syncOpened >= SYNC_READ_TIMEOUT_MS - 500, 'not timed out early')
  })

  test('after all that, the members still talk and agree', async () => {
    const fromA = await a.call('sendMessage', { incidentId, text: 'Alice: still here' })
    const fromB = await b.call('sendMessage', { incidentId, text: 'Bob: me too' })
    await waitForMessage(b, incidentId, 'Alice: still here')
    await waitForMessage(a, incidentId, 'Bob: me too')
    const digest = await waitForSameDigest([a, b], incidentId)
    assert.match(digest, /^[0-9a-f]{64}$/)
    assert.ok(fromA.id !== fromB.id)
    assert.deepEqual(droppedUnder(await stats(b), 'gossip:'), 0, 'B never saw any of the garbage gossip')
    assert.deepEqual(unhandled.map(String), [], 'no unhandled promise rejection')
  })
})
