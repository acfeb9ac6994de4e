// Closed system (docs/ARCHITECTURE.md, "Security model"): only members can read, write, join or sync.
//
// Real nodes on 127.0.0.1 in this process: Lifeboat nodes A (admin) and B (member, who joined
// through A), a plain js-libp2p outsider O on the incident's topic, connected to A only, and a raw
// libp2p node C, connected to A and B, that joined as a member through the join protocol by hand
// (so it holds the epoch key, like any member) and then misbehaves on the topic. Later tests add
// Lifeboat nodes X and Y as joiners.
import '../../p2p/polyfill.js'
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { bytesEqual, fromHex } from '../../p2p/codec/bytes.js'
import { DecryptionError, randomKey } from '../../p2p/crypto/aead.js'
import { publicKeyOf } from '../../p2p/identity/peer-key.js'
import { topicFor } from '../../p2p/incident/topic.js'
import type { LifeboatNode } from '../../p2p/index.js'
import { decryptEntry } from '../../p2p/log/entry.js'
import { decodePayload } from '../../p2p/log/payload-read.js'
import { JOIN_REFUSALS } from '../../p2p/membership/invite-check.js'
import { decodeInviteLink, encodeInviteLink } from '../../p2p/membership/invite-link.js'
import { decodeGossipFrame, encodeEntryFrame } from '../../p2p/services/gossip/gossip-frames.js'
import { SYNC_PROTOCOL } from '../../p2p/net/protocols.js'
import { decodeSyncMessage, encodeSyncMessage } from '../../p2p/services/sync/sync-messages.js'
import { containsText, impostor, latestOf, messageEntry, overheardEntries, resign, withAuthor } from '../support/forged-entries.js'
import { droppedUnder, makeIncident, TestNet, waitForMessage, waitForRoster, waitForSameDigest } from '../support/nodes.js'
import { startRawNode, type RawNode } from '../support/raw-node.js'
import { openRawStream, rawJoin, rawSyncRequest } from '../support/raw-protocols.js'
import { sleep, waitFor } from '../support/wait.js'

const net = new TestNet()
let a: LifeboatNode
let b: LifeboatNode
let outsider: RawNode
let c: RawNode
let incidentId: string
let incidentBytes: Uint8Array
let topic: string
/** C's view of the epoch keys, opened from the grant sealed to it on join. */
let cKeys: Map<number, Uint8Array>
let currentEpoch: number
const TITLE = 'Breach of the payroll system'

const stats = async (node: LifeboatNode) => await node.call('stats', {})
const drops = async (node: LifeboatNode, key: string): Promise<number> => (await stats(node)).dropped[key] ?? 0
const texts = async (node: LifeboatNode): Promise<string[]> => (await node.call('messages', { incidentId })).map(m => m.text)

describe('closed system', { timeout: 60_000 }, () => {
  before(async () => {
    ;[a, b] = await net.lifeboats(['Alice', 'Bob']) as [LifeboatNode, LifeboatNode]
    ;({ incidentId, topic } = await makeIncident(a, [b], TITLE))
    incidentBytes = fromHex(incidentId)
    assert.equal(topic, topicFor(incidentBytes), 'status reports the topic topicFor names')

    // C: a member that joined by hand, connected to both A and B.
    c = net.track('raw member C', await startRawNode())
    await c.connect(a.addrs())
    const { invite } = await a.call('createInvite', { incidentId, role: 'responder', expiresInMs: 60_000, uses: 1 })
    const joined = await rawJoin(c, a.peerId, decodeInviteLink(invite), { name: 'Carol (raw)' })
    assert.ok(joined.ok, `C's join was refused: ${joined.ok ? '' : joined.refusal.m}`)
    cKeys = joined.epochKeys
    currentEpoch = joined.currentEpoch
    await waitForRoster([a, b], incidentId, [a.peerId, b.peerId, c.peerId])
    await c.connect(b.addrs())
    c.subscribe(topic)

    // O: an outsider on the topic, connected to A only.
    outsider = net.track('raw outsider O', await startRawNode())
    await outsider.connect(a.addrs())
    outsider.subscribe(topic)
    await c.waitForMesh(topic, [a.peerId, b.peerId])
  })

  after(async () => {
    const started = Date.now()
    const problems = await net.stop()
    console.log(`# stopped every node in ${Date.now() - started} ms`)
    assert.deepEqual(problems, [], 'every node stopped cleanly')
  })

  test('an outsider on the topic receives nothing; what members receive opens only with the epoch key', async () => {
    const sent: Array<{ from: LifeboatNode, text: string, id: string }> = []
    for (let i = 1; i <= 3; i++) {
      for (const [from, who] of [[a, 'Alice'], [b, 'Bob']] as const) {
        const text = `${who} secret ${i}: the attacker used svc-backup from 10.0.${i}.7`
        const { id } = await from.call('sendMessage', { incidentId, text })
        sent.push({ from, text, id })
      }
    }
    for (const { text } of sent) {
      await waitForMessage(a, incidentId, text)
      await waitForMessage(b, incidentId, text)
    }
    // C, a member in the same mesh, overhears all six: the outsider's silence below is not vacuous.
    const wanted = new Set(sent.map(s => s.id))
    const overheard = await waitFor('member C to overhear all six entries', () => {
      const got = overheardEntries(c.received, topic)
      return got.filter(e => wanted.has(`${e.author}:${e.seq}`)).length === wanted.size ? got : undefined
    })
    // Members score non-members below gossipsub's publish threshold: nothing is sent to them,
    // not even the entries' headers (who writes when).
    assert.deepEqual(overheardEntries(outsider.received, topic), [], 'the outsider received no entry')

    const secrets = [...sent.map(s => s.text), TITLE, 'Alice', 'Bob', 'svc-backup']
    for (const { data, topic: t } of c.received) {
      assert.equal(t, topic)
      for (const secret of secrets) assert.ok(!containsText(data, secret), `gossip carried "${secret}" in clear`)
      decodeGossipFrame(data) // every frame is well formed: entries, opaque roster heads or presence
    }
    for (const { entry, author, seq } of overheard) {
      const message = sent.find(s => s.id === `${author}:${seq}`)
      if (message === undefined) continue
      // Without the epoch key the payload does not open, whatever key is tried.
      for (let i = 0; i < 3; i++) assert.throws(() => decryptEntry(entry, randomKey()), DecryptionError)
      // A member's key (C's, opened from its own grant) does open it, to exactly the text sent.
      const key = cKeys.get(entry.body.e)
      assert.ok(key !== undefined, 'C holds the epoch key of every entry')
      const payload = decodePayload(decryptEntry(entry, key))
      assert.deepEqual(payload, { v: 1, k: 'msg', text: message.text })
    }
  })

  test('an entry the outsider signs itself is rejected by A and never reaches B', async () => {
    const aBefore = await drops(a, 'gossip:unknown-author-from-non-member')
    const bGossipBefore = droppedUnder(await stats(b), 'gossip:')
    const text = 'outsider: please wire the ransom to this account'
    const entry = messageEntry(outsider.identity.signer, { incidentId: incidentBytes, seq: 1, prev: new Uint8Array(0), epochId: currentEpoch, epochKey: randomKey() }, text)
    const frame = encodeEntryFrame(entry.wire)
    const recipients = await outsider.publish(topic, frame)
    assert.deepEqual(recipients, [a.peerId], 'the outsider could publish to A (and only A)')
    await waitFor('A to count the outsider\'s entry as dropped', async () => await drops(a, 'gossip:unknown-author-from-non-member') === aBefore + 1)

    // A message A writes after it reaches B and C; the outsider's entry reached neither (C, a raw
    // node in A's mesh, would have received anything A forwarded), and is stored nowhere.
    const marker = 'Alice: after the outsider tried to post'
    const { id } = await a.call('sendMessage', { incidentId, text: marker })
    await waitForMessage(b, incidentId, marker)
    await waitFor('C to overhear Alice\'s marker', () => overheardEntries(c.received, topic).some(e => `${e.author}:${e.seq}` === id))
    assert.ok(!c.received.some(r => bytesEqual(r.data, frame)), 'A did not forward the outsider\'s entry')
    for (const node of [a, b]) {
      const status = await node.call('status', { incidentId })
      assert.equal(status.authors[outsider.peerId], undefined, 'no log of the outsider is kept')
      assert.ok(!(await texts(node)).includes(text))
    }
    assert.equal(droppedUnder(await stats(b), 'gossip:'), bGossipBefore, 'B saw nothing to drop')
    assert.ok(!(await b.call('peers', {})).some(p => p.peerId === outsider.peerId), 'B is not connected to the outsider')
  })

  test('a member cannot forge another member\'s entry: every node rejects it', async () => {
    // B writes, so C knows B's head (seq, hash) and can aim its forgeries right after it.
    const { id } = await b.call('sendMessage', { incidentId, text: 'Bob: isolating the payroll VLAN now' })
    const bSeq = Number(id.split(':')[1])
    const bHead = await waitFor('C to overhear Bob\'s latest entry', () => {
      const latest = latestOf(overheardEntries(c.received, topic), b.peerId)
      return latest?.seq === bSeq ? latest : undefined
    })
    const bKey = publicKeyOf(b.peerId)
    const epochKey = cKeys.get(currentEpoch) as Uint8Array
    const nextForB = { incidentId: incidentBytes, seq: bHead.seq + 1, prev: bHead.entry.hash, epochId: currentEpoch, epochKey }
    const forged = [
      // Author field = B, signed with C's key (everything else, even the encryption, is right).
      messageEntry(impostor(bKey, c.identity.signer), nextForB, 'Bob: stand down, false alarm').wire,
      // C's own, validly signed entry with the author field then changed to B.
      withAuthor(messageEntry(c.identity.signer, { ...nextForB, prev: new Uint8Array(0), seq: 1 }, 'Bob: share the admin password here').wire, bKey),
      // B's real latest entry, with C's signature in place of B's.
      resign(bHead.entry.wire, c.identity.signer)
    ]
    const before = await Promise.all([a, b].map(async n => await drops(n, 'gossip:bad-signature')))
    for (const wire of forged) {
      const recipients = await c.publish(topic, encodeEntryFrame(wire))
      assert.deepEqual(recipients.sort(), [a.peerId, b.peerId].sort(), 'C reaches both A and B directly')
    }
    // Control: C's own honest entry, published last, is accepted by both.
    const honest = 'Carol: I am on the firewall logs'
    await c.publish(topic, encodeEntryFrame(messageEntry(c.identity.signer, { ...nextForB, seq: 1, prev: new Uint8Array(0) }, honest).wire))
    for (const node of [a, b]) {
      const message = await waitForMessage(node, incidentId, honest)
      assert.equal(message.author, c.peerId)
    }
    await waitFor('A and B to reject all three forgeries', async () => {
      const now = await Promise.all([a, b].map(async n => await drops(n, 'gossip:bad-signature')))
      return now.every((n, i) => n === (before[i] ?? 0) + forged.length)
    })
    for (const node of [a, b]) {
      const status = await node.call('status', { incidentId })
      assert.equal(status.authors[b.peerId], bHead.seq, 'B\'s log did not move')
      const shown = await texts(node)
      assert.ok(!shown.some(t => t.includes('stand down') || t.includes('admin password')), 'no forged text is shown')
      assert.equal((await stats(node)).forks, 0, 'a forgery is not mistaken for a fork of B')
    }
    await waitForSameDigest([a, b], incidentId)
  })

  test('wrong, expired and used-up invites get a clear refusal', async () => {
    const [x, y] = await net.lifeboats(['Xavier', 'Yvonne'])
    assert.ok(x !== undefined && y !== undefined)
    const { incidentId: invites } = await a.call('createIncident', { title: 'Invite checks' })
    const refusal = async (node: LifeboatNode, invite: string): Promise<{ code: string, message: string, name: string }> => {
      const started = Date.now()
      const err = await node.call('join', { invite, timeoutMs: 3_000 }).then(() => undefined, (e: unknown) => e as { code: string, message: string, name: string })
      assert.ok(err !== undefined, 'join was refused')
      assert.ok(Date.now() - started < 2_500, `a refusal is immediate, not a timeout (${Date.now() - started} ms)`)
      return err
    }
    const expect = async (node: LifeboatNode, invite: string, code: keyof typeof JOIN_REFUSALS): Promise<void> => {
      const err = await refusal(node, invite)
      assert.equal(err.code, code, `refusal code (message: ${err.message})`)
      assert.equal(err.name, 'JoinRefusedError')
      assert.equal(err.message, JOIN_REFUSALS[code])
    }
    const good = (await a.call('createInvite', { incidentId: invites, role: 'guest', expiresInMs: 60_000, uses: 5 })).invite
    const link = decodeInviteLink(good)

    // A tampered secret: the admin cannot tell it from an invite it never made (see invite-key.ts).
    const tampered = encodeInviteLink({ ...link, secret: link.secret.map((byte, i) => i === 0 ? byte ^ 0xff : byte) })
    const joinBefore = await drops(a, 'join:unknown-invite')
    await expect(y, tampered, 'unknown-invite')
    assert.equal(await drops(a, 'join:unknown-invite'), joinBefore + 1)

    // The right invite key with a proof made from a wrong secret: 'bad-secret'.
    const wrongProof = await rawJoin(outsider, a.peerId, link, { proofSecret: randomKey() })
    assert.ok(!wrongProof.ok && wrongProof.refusal.c === 'bad-secret', `refusal: ${JSON.stringify(wrongProof.ok ? 'welcome' : wrongProof.refusal)}`)
    assert.equal(wrongProof.refusal.m, JOIN_REFUSALS['bad-secret'])

    // Expired: refused by the joiner itself from the link, and by the admin from the roster when
    // the link's expiry is altered.
    const short = (await a.call('createInvite', { incidentId: invites, role: 'guest', expiresInMs: 1_000, uses: 5 })).invite
    const shortLink = decodeInviteLink(short)
    await sleep(Math.max(0, shortLink.expiresAt - Date.now() + 20))
    await expect(y, short, 'expired')
    const expiredBefore = await drops(a, 'join:expired')
    await expect(y, encodeInviteLink({ ...shortLink, expiresAt: Date.now() + 60_000 }), 'expired')
    assert.equal(await drops(a, 'join:expired'), expiredBefore + 1, 'the admin refused it too')

    // Used up: one use, two joiners.
    const once = (await a.call('createInvite', { incidentId: invites, role: 'guest', expiresInMs: 60_000, uses: 1 })).invite
    assert.deepEqual(await x.call('join', { invite: once, timeoutMs: 5_000 }), { incidentId: invites })
    await expect(y, once, 'used-up')
    await waitForRoster([a, x], invites, [a.peerId, x.peerId])
    assert.deepEqual((await y.call('listIncidents', {})), [], 'the refused joiner holds no incident')
  })

  test('sync is refused to a non-member, with no entries', async () => {
    const before = await drops(a, 'sync-serve:not-member')
    for (const target of [incidentBytes, randomKey().subarray(0, 16)]) {
      const { answers, end } = await rawSyncRequest(outsider, a.peerId, target)
      assert.deepEqual(answers, [{ v: 1, t: 'no', c: 'not-member' }], 'one refusal, nothing else (same for an unknown incident)')
      assert.notEqual(end, 'TimeoutError', 'A ends the stream after refusing')
    }
    assert.equal(await drops(a, 'sync-serve:not-member'), before + 2)

    // Even a request that claims to know everything gets nothing but the refusal.
    const s = await openRawStream(outsider, a.peerId, SYNC_PROTOCOL)
    try {
      await s.writeFrame(encodeSyncMessage({ t: 'req', i: incidentBytes, h: [new Uint8Array(32)], vv: [[publicKeyOf(a.peerId), 0]] }))
      const { frames } = await s.readToEnd()
      assert.deepEqual(frames.map(f => decodeSyncMessage(f)), [{ v: 1, t: 'no', c: 'not-member' }])
    } finally {
      s.abort()
    }
    assert.equal(await drops(a, 'sync-serve:not-member'), before + 3)
  })

  // Our protocols are served only to members (docs/ARCHITECTURE.md). Gossipsub is not gated: it tells
  // any connected peer which topics a member is on and forwards entries to non-members in its
  // mesh, so an outsider learns who writes (author keys), when (ts) and how much, though not what.
  test('an outsider on the topic does not learn which members write', async () => {
    const authors = new Set(overheardEntries(outsider.received, topic).map(e => e.author))
    assert.deepEqual([...authors], [], 'the outsider on the topic learnt which members write')
  })

  test('an outsider cannot discover the topic', { todo: 'gossipsub announces its subscriptions (an opaque hash of the incident id) to every connected peer' }, async () => {
    const spy = net.track('raw spy', await startRawNode())
    await spy.connect(a.addrs())
    await waitFor('a topic announcement', () => spy.topicsSeen.has(topic), { timeoutMs: 1_000 }).catch(() => undefined)
    assert.ok(!spy.topicsSeen.has(topic), 'a peer that merely connected to A learnt the incident topic')
  })
})
