// Golden bytes of the sync, join and gossip protocols and of presence (test/fixtures/*-messages.json,
// gossip-frames.json, written by scripts/make-fixtures.ts): the committed bytes decode to the
// listed fields, and encoding those fields gives the same bytes. A change to any of these wire
// formats fails here until it is made on purpose, with a new version and new fixtures.
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { decodeGossipFrame, encodeEntryFrame, encodeHeadsFrame, encodePresenceFrame } from '../../p2p/services/gossip/gossip-frames.js'
import { decodeJoinMessage, encodeJoinMessage, type JoinMessage } from '../../p2p/services/join/join-messages.js'
import { decodeSyncMessage, encodeSyncMessage, type SyncMessage } from '../../p2p/services/sync/sync-messages.js'
import { decodePresence, openPresence } from '../../p2p/workspace/presence.js'
import { decodeEntry } from '../../p2p/log/entry.js'
import { decodeRosterOp } from '../../p2p/membership/roster-op.js'
import type { Unversioned } from '../../p2p/codec/shape.js'
import { bytesOf, fromJsonable, toJsonable, type Jsonable } from '../support/hexjson.js'
import { entryFixtures, identityFixtures, rosterFixture } from '../support/fixtures.js'
import { readFixture } from '../support/paths.js'

interface FrameFixture { name: string, fields: { [key: string]: Jsonable }, bytes: string }

/** The fields back as encoder input ("0x…" strings become bytes), without the version. */
function input<T> (fields: { [key: string]: Jsonable }): T {
  const rest = { ...fields }
  delete rest.v
  return fromJsonable(rest) as T
}

const hex = (bytes: Uint8Array): string => toJsonable(bytes) as string

describe('golden frames', () => {
  const sync = readFixture<{ messages: FrameFixture[] }>('sync-messages.json').messages
  const join = readFixture<{ messages: FrameFixture[] }>('join-messages.json').messages
  const gossip = readFixture<{ frames: FrameFixture[], presence: { epochId: number, ts: number, state: unknown } }>('gossip-frames.json')

  test('sync v1: every message type decodes and re-encodes byte for byte', () => {
    assert.deepEqual(sync.map(m => m.name).sort(), ['ack', 'end', 'ents', 'no', 'ops', 'req', 'req-empty'])
    for (const m of sync) {
      assert.deepEqual(toJsonable(decodeSyncMessage(bytesOf(m.bytes))), m.fields, m.name)
      assert.equal(hex(encodeSyncMessage(input<Unversioned<SyncMessage>>(m.fields))), m.bytes, m.name)
    }
  })

  test('sync v1: batches carry the committed entries and roster ops, still valid', () => {
    const ents = decodeSyncMessage(bytesOf((sync.find(m => m.name === 'ents') as FrameFixture).bytes))
    assert.equal(ents.t, 'ents')
    if (ents.t !== 'ents') return
    assert.deepEqual(ents.e.map(e => decodeEntry(e).hashHex), entryFixtures().map(e => e.hash.slice(2)))
    const ops = decodeSyncMessage(bytesOf((sync.find(m => m.name === 'ops') as FrameFixture).bytes))
    if (ops.t !== 'ops') throw new Error('not ops')
    assert.deepEqual(ops.o.map(o => decodeRosterOp(o).hashHex), rosterFixture().ops.map(o => o.hash.slice(2)))
  })

  test('join v1: every message type decodes and re-encodes byte for byte', () => {
    assert.deepEqual(join.map(m => m.name), ['join', 'challenge', 'proof', 'welcome', 'no'])
    for (const m of join) {
      assert.deepEqual(toJsonable(decodeJoinMessage(bytesOf(m.bytes))), m.fields, m.name)
      assert.equal(hex(encodeJoinMessage(input<Unversioned<JoinMessage>>(m.fields))), m.bytes, m.name)
    }
  })

  test('gossip v1: entry, heads and presence frames decode and re-encode byte for byte', () => {
    const encoders: Record<string, (f: Record<string, unknown>) => Uint8Array> = {
      entry: f => encodeEntryFrame(f.e as Uint8Array),
      heads: f => encodeHeadsFrame(f.i as Uint8Array, f.h as Uint8Array[]),
      presence: f => encodePresenceFrame(f.p as Uint8Array)
    }
    assert.deepEqual(gossip.frames.map(f => f.name), ['entry', 'heads', 'presence'])
    for (const f of gossip.frames) {
      assert.deepEqual(toJsonable(decodeGossipFrame(bytesOf(f.bytes))), f.fields, f.name)
      assert.equal(hex((encoders[f.name] as (x: Record<string, unknown>) => Uint8Array)(input(f.fields))), f.bytes, f.name)
    }
  })

  test('presence v1: signed by alice, opens under the newest epoch key to the committed state', () => {
    const frame = decodeGossipFrame(bytesOf((gossip.frames.find(f => f.name === 'presence') as FrameFixture).bytes))
    if (frame.k !== 'p') throw new Error('not a presence frame')
    const body = decodePresence(frame.p)
    const alice = identityFixtures().find(i => i.name === 'alice')
    assert.equal(hex(body.a), alice?.edPublic)
    assert.equal(body.t, gossip.presence.ts)
    assert.equal(body.e, gossip.presence.epochId)
    const key = rosterFixture().epochs.find(e => e.id === body.e)?.key as string
    assert.deepEqual(openPresence(body, bytesOf(key)), gossip.presence.state)
    const tampered = frame.p.slice()
    tampered[tampered.length - 70] = (tampered[tampered.length - 70] as number) ^ 1
    assert.throws(() => decodePresence(tampered))
  })
})
