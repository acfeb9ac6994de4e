// Voice calls (issue 18), the pure parts: the signal wire's golden bytes (test/fixtures/call-messages.json)
// and what a tampered one does, the SDP check that binds a call to one DTLS fingerprint and keeps it
// on host candidates, and the live room (who is in the call, when they lapse, a full call).
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { decodeCallSignal, openCallSignal, sealCallSignal } from '../../p2p/call/call-signal.js'
import { checkSdp } from '../../p2p/call/sdp-check.js'
import { CallRoom, CALL_LIVE_MS, CallFullError } from '../../p2p/call/call-room.js'
import { callLog } from '../../p2p/call/call-log.js'
import type { PayloadRecord } from '../../p2p/chat/chat-view.js'
import { MAX_CALL_PARTICIPANTS } from '../../p2p/api/call-methods.js'
import { generateIdentity } from '../../p2p/identity/identity.js'
import { bytesOf, fromJsonable, type Jsonable } from '../support/hexjson.js'
import { identityFixtures, rosterFixture } from '../support/fixtures.js'
import { readFixture } from '../support/paths.js'

const fixture = readFixture<{ epochId: number, ts: number, messages: Array<{ name: string, fields: { [k: string]: Jsonable }, bytes: string }> }>('call-messages.json')
const key = bytesOf(rosterFixture().epochs.find(e => e.id === fixture.epochId)?.key as string)
const offer = fixture.messages.find(m => m.name === 'offer')
const sdp = (offer?.fields.sdp as string)
const swap = (from: string, to: string): string => { assert.ok(sdp.includes(from)); return sdp.replace(from, to) }

describe('call signals v1', () => {
  test('every committed signal is alice\'s, and opens under the epoch key to its fields', () => {
    assert.deepEqual(fixture.messages.map(m => m.name), ['hello', 'hello-reply', 'offer', 'bye'])
    const alice = identityFixtures().find(i => i.name === 'alice')
    for (const m of fixture.messages) {
      const body = decodeCallSignal(bytesOf(m.bytes))
      assert.equal(Buffer.from(body.a).toString('hex'), alice?.edPublic.slice(2))
      assert.equal(body.t, fixture.ts)
      assert.deepEqual(openCallSignal(body, key), fromJsonable(m.fields))
    }
  })

  test('a flipped byte breaks the signature; a wrong key does not open; a bad message is not sealed', async () => {
    const wire = bytesOf(offer?.bytes as string)
    for (const at of [20, wire.length - 80, wire.length - 1]) {
      const tampered = wire.slice()
      tampered[at] = (tampered[at] as number) ^ 1
      assert.throws(() => decodeCallSignal(tampered))
    }
    assert.throws(() => openCallSignal(decodeCallSignal(wire), new Uint8Array(32)))
    const me = await generateIdentity()
    assert.throws(() => sealCallSignal(me.signer, new Uint8Array(16), 1, key, { k: 'offer', c: new Uint8Array(16), s: new Uint8Array(8), to: new Uint8Array(32), ts: new Uint8Array(7), sdp: 'v=0' }), /call signal/)
  })
})

describe('checkSdp', () => {
  test('an audio-only offer gives its fingerprint as lowercase hex', () => {
    const { fingerprint } = checkSdp(sdp)
    assert.match(fingerprint, /^[0-9a-f]{64}$/)
    assert.equal(fingerprint, /a=fingerprint:sha-256 (\S+)/.exec(sdp)?.[1]?.replaceAll(':', '').toLowerCase())
  })

  test('video, a second fingerprint, another hash, no fingerprint, a relay candidate and junk are refused', () => {
    assert.throws(() => checkSdp(swap('m=audio 9', 'm=video 9')), /one audio stream/)
    assert.throws(() => checkSdp(sdp + 'm=video 9 UDP/TLS/RTP/SAVPF 96\r\n'), /one audio stream/)
    assert.throws(() => checkSdp(sdp + 'a=fingerprint:sha-256 ' + '00:'.repeat(31) + '01\r\n'), /more than one/)
    assert.throws(() => checkSdp(swap('a=fingerprint:sha-256', 'a=fingerprint:sha-1')), /other than SHA-256/)
    assert.throws(() => checkSdp(sdp.split('\r\n').filter(l => !l.startsWith('a=fingerprint')).join('\r\n')), /no certificate fingerprint/)
    assert.throws(() => checkSdp(swap('typ host', 'typ relay raddr 192.0.2.1 rport 3478')), /host address/)
    assert.throws(() => checkSdp('hello'), /v=0/)
    assert.throws(() => checkSdp(sdp + 'a=x:\u0000\r\n'), /printable/)
  })
})

describe('CallRoom', () => {
  const hello = (n: number, session = 's') => ({ author: `a${n}`, peerId: `p${n}`, session, callId: 'c1', since: 1000 + n })

  test('a hello is news once per session; a lapsed participant leaves; participants are in joining order', () => {
    const room = new CallRoom()
    assert.equal(room.hear(hello(2), 0), true)
    assert.equal(room.hear(hello(2), 5_000), false)
    assert.equal(room.hear(hello(2, 'rejoined'), 6_000), true)
    room.hear(hello(1), 6_000)
    room.local = { session: 'mine', callId: 'c1', since: 999, lease: 6_000 }
    assert.deepEqual(room.participants('me', 7_000).map(p => p.peerId), ['me', 'p1', 'p2'])
    assert.equal(room.currentCallId(7_000), 'c1')
    assert.deepEqual(room.expire(6_000 + CALL_LIVE_MS + 1).map(r => r.author), ['a2', 'a1'])
    assert.deepEqual(room.participants('me', 6_000 + CALL_LIVE_MS + 1).map(p => p.peerId), ['me'])
  })

  test('a new session joins the live call (the smaller id of two); a full call refuses one more', () => {
    const room = new CallRoom()
    assert.equal(room.currentCallId(0), undefined)
    room.hear({ ...hello(1), callId: 'c9' }, 0)
    room.hear({ ...hello(2), callId: 'c3' }, 0)
    assert.equal(room.currentCallId(0), 'c3')
    for (let n = 3; n < MAX_CALL_PARTICIPANTS; n++) room.hear(hello(n), 0)
    assert.throws(() => room.checkRoom('me', 0), CallFullError)
    assert.doesNotThrow(() => room.checkRoom('p1', 0)) // its own earlier session does not count against it
  })
})

describe('callLog', () => {
  const c1 = new Uint8Array(16).fill(1)
  const c2 = new Uint8Array(16).fill(2)
  let lamport = 0
  const entry = (who: string, a: 'start' | 'join' | 'leave' | 'end', c: Uint8Array, ts: number): PayloadRecord =>
    ({ authorHex: who, author: `peer-${who}`, seq: ++lamport, lamport, ts, payload: { v: 1, k: 'call', a, c } }) as PayloadRecord

  test('a call\'s start, joins, leaves and end; a rejoin is a second stint; a device that stopped has no left', () => {
    const log = callLog([
      entry('ana', 'start', c1, 100), entry('ben', 'join', c1, 110), entry('ben', 'join', c1, 111), entry('ben', 'leave', c1, 150),
      entry('ben', 'join', c1, 160), entry('cy', 'join', c1, 170), entry('ana', 'leave', c1, 200), entry('ben', 'leave', c1, 210), entry('ben', 'end', c1, 210),
      entry('dee', 'start', c2, 300), { ...entry('ana', 'leave', c2, 301), payload: { v: 1, k: 'msg', text: 'not a call' } } as PayloadRecord
    ], hex => hex.toUpperCase())
    assert.deepEqual(log.map(c => [c.startedBy, c.started, c.ended]), [['ANA', 100, 210], ['DEE', 300, null]])
    assert.deepEqual(log[0]?.participants.map(p => [p.name, p.joined, p.left]), [['ANA', 100, 200], ['BEN', 110, 150], ['BEN', 160, 210], ['CY', 170, null]])
  })
})
