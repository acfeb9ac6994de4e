// Roster op v1: golden fixtures (one op of each kind) and the decoder's refusals.
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { toHex } from '../../p2p/codec/bytes.js'
import { decodeCbor, encodeCbor } from '../../p2p/codec/cbor.js'
import { sha256 } from '../../p2p/crypto/hash.js'
import { InvalidSignatureError, WireFormatError } from '../../p2p/errors.js'
import type { DeviceIdentity } from '../../p2p/identity/identity.js'
import { foldRoster } from '../../p2p/membership/roster-fold.js'
import { createRosterOp, decodeRosterOp, epochIdOf, MAX_ROSTER_OP_BYTES, type RosterOp, type RosterOpBody } from '../../p2p/membership/roster-op.js'
import { fixtureIdentities, must, rosterFixture } from '../support/fixtures.js'
import { bytesOf, fromJsonable, toJsonable } from '../support/hexjson.js'
import { makeIdentity } from '../support/identities.js'
import { addOp, INCIDENT, makeGenesis, openAs } from '../support/roster.js'

const fx = rosterFixture()
const ids = await fixtureIdentities()
const incidentId = bytesOf(fx.incidentId)
const epochKey = (id: number): Uint8Array => bytesOf(must(fx.epochs.find(e => e.id === id), `epoch ${id}`).key)
const byKey = (key: Uint8Array): DeviceIdentity => must([...ids.values()].find(id => toHex(id.signer.publicKey) === toHex(key)), `identity ${toHex(key)}`)
const innerBody = (wire: Uint8Array): Uint8Array => (decodeCbor(wire, 1 << 20) as { b: Uint8Array }).b
/** The body without `v` and `a`, which createRosterOp fills in. */
const unsignedOf = (body: RosterOpBody): Omit<RosterOpBody, 'v' | 'a'> =>
  Object.fromEntries(Object.entries(body).filter(([k]) => k !== 'v' && k !== 'a')) as Omit<RosterOpBody, 'v' | 'a'>
const decoded = fx.ops.map(f => ({ f, op: decodeRosterOp(bytesOf(f.wire)) }))
const named = (name: string): RosterOp => must(decoded.find(d => d.f.name === name), name).op

describe('roster op v1 golden fixtures', () => {
  test('the fixture has one op of every kind', () => {
    assert.deepEqual(new Set(fx.ops.map(o => o.body.k)), new Set(['genesis', 'invite', 'add', 'remove', 'role', 'rotate']))
  })

  for (const { f, op } of decoded) {
    describe(f.name, () => {
      test('decodes to the expected fields, signed by the expected author', () => {
        assert.deepEqual(toJsonable(op.body), f.body)
        assert.equal(toHex(op.body.a), toHex(must(ids.get(f.author), f.author).signer.publicKey))
        assert.equal(toHex(op.body.i), toHex(incidentId))
      })

      test('hash is SHA-256 of the body bytes and matches the fixture', () => {
        const wire = bytesOf(f.wire)
        assert.equal(op.hashHex, f.hash.slice(2))
        assert.equal(op.hashHex, toHex(sha256(innerBody(wire))))
        assert.equal(toHex(op.wire), toHex(wire))
      })

      test('re-encoding the decoded body gives the identical body bytes', () => {
        assert.equal(toHex(encodeCbor(op.body)), toHex(innerBody(bytesOf(f.wire))))
      })

      test('signing the decoded body again with the author key gives the identical wire (Ed25519 is deterministic)', () => {
        const again = createRosterOp(must(ids.get(f.author), f.author).signer, unsignedOf(op.body))
        assert.equal(toHex(again.wire), f.wire.slice(2))
      })

      if (f.deterministic) {
        test('encoding the fixture inputs today gives exactly the fixture bytes', () => {
          const inputs = fromJsonable(f.body) as RosterOpBody
          const fresh = createRosterOp(must(ids.get(f.author), f.author).signer, unsignedOf(inputs))
          assert.equal(toHex(fresh.wire), f.wire.slice(2))
          assert.equal(fresh.hashHex, f.hash.slice(2))
        })
      }

      test('a flipped signature byte is refused with InvalidSignatureError', () => {
        const wire = bytesOf(f.wire)
        wire[wire.byteLength - 1] = (wire[wire.byteLength - 1] as number) ^ 0x01
        assert.throws(() => decodeRosterOp(wire), InvalidSignatureError)
      })
    })
  }

  test('parents link each op to the one before it', () => {
    assert.deepEqual(named('genesis').body.p, [])
    for (let i = 1; i < decoded.length; i++) {
      assert.deepEqual(must(decoded[i], 'op').op.body.p.map(toHex), [must(decoded[i - 1], 'op').op.hashHex])
    }
  })

  test('epoch ids are the first four hash bytes of genesis and rotate', () => {
    assert.deepEqual([epochIdOf(named('genesis')), epochIdOf(named('rotate'))], fx.epochs.map(e => e.id))
    assert.equal(epochIdOf(named('genesis')), parseInt(named('genesis').hashHex.slice(0, 8), 16))
  })

  test('every sealed epoch key opens with its recipient\'s X25519 secret to the fixture key', () => {
    let opened = 0
    for (const { op } of decoded) {
      const body = op.body
      if (body.k === 'genesis') {
        assert.deepEqual(openAs(byKey(body.a), body.d.k, incidentId), epochKey(epochIdOf(op))); opened++
      } else if (body.k === 'add') {
        for (const [epochId, sealed] of body.d.k) { assert.deepEqual(openAs(byKey(body.d.m), sealed, incidentId), epochKey(epochId)); opened++ }
      } else if (body.k === 'rotate') {
        for (const [member, sealed] of body.d.k) { assert.deepEqual(openAs(byKey(member), sealed, incidentId), epochKey(epochIdOf(op))); opened++ }
      }
    }
    assert.equal(opened, 5)
  })

  test('folding the fixture ops gives the expected membership state', () => {
    const result = foldRoster(incidentId, named('genesis').hashHex, decoded.map(d => d.op))
    const s = fx.foldedState
    const nameOf = (hex: string) => must([...ids].find(([, id]) => toHex(id.signer.publicKey) === hex), hex)[0]
    assert.equal(result.refused.size, 0)
    assert.equal(result.state.title, s.title)
    assert.deepEqual([...result.state.members].map(([hex, m]) => ({ name: nameOf(hex), role: m.role, epochs: [...m.grants.keys()] })), s.members)
    assert.deepEqual([...result.state.removed].map(([hex, r]) => ({ name: nameOf(hex), lastSeq: r.lastSeq, removedBy: nameOf(r.removedBy) })), s.removed)
    assert.deepEqual([...result.state.invites.values()].map(i => ({ hash: '0x' + i.hashHex, role: i.role, expiresAt: i.expiresAt, uses: i.uses, used: i.used })), s.invites)
    assert.equal(result.state.currentEpoch?.id, s.currentEpoch)
    assert.deepEqual(result.heads.map(h => '0x' + h), s.heads)
  })
})

describe('decodeRosterOp refusals', () => {
  const alice = must(ids.get('alice'), 'alice')
  const bob = must(ids.get('bob'), 'bob')
  const invite = named('invite')
  const signed = (signer: DeviceIdentity, body: unknown): Uint8Array => {
    const b = encodeCbor(body)
    return encodeCbor({ b, s: signer.signer.sign(b) })
  }

  test('a body claiming another author than the signer is refused', () => {
    assert.throws(() => decodeRosterOp(signed(alice, { ...invite.body, a: bob.signer.publicKey })), InvalidSignatureError)
  })

  test('an unknown version is a WireFormatError', () => {
    assert.throws(() => decodeRosterOp(signed(alice, { ...invite.body, v: 2 })), (err: unknown) => err instanceof WireFormatError && /v/.test(err.message))
  })

  test('an unknown kind is a WireFormatError', () => {
    assert.throws(() => decodeRosterOp(signed(alice, { ...invite.body, k: 'promote' })), WireFormatError)
  })

  test('an extra field in the body or its data is a WireFormatError', () => {
    assert.throws(() => decodeRosterOp(signed(alice, { ...invite.body, z: 1 })), WireFormatError)
    assert.throws(() => decodeRosterOp(signed(alice, { ...invite.body, d: { ...(invite.body.d as object), z: 1 } })), WireFormatError)
  })

  test('an invite role outside the known roles and zero uses are WireFormatErrors', () => {
    assert.throws(() => decodeRosterOp(signed(alice, { ...invite.body, d: { ...(invite.body.d as object), r: 'root' } })), WireFormatError)
    assert.throws(() => decodeRosterOp(signed(alice, { ...invite.body, d: { ...(invite.body.d as object), u: 0 } })), WireFormatError)
  })

  test('a wire above the size limit is refused before decoding', () => {
    assert.throws(() => decodeRosterOp(new Uint8Array(MAX_ROSTER_OP_BYTES + 129)), (err: unknown) => err instanceof WireFormatError && /exceeds limit/.test(err.message))
  })

  test('an extra field in the outer wire is a WireFormatError', () => {
    const b = encodeCbor(invite.body)
    assert.throws(() => decodeRosterOp(encodeCbor({ b, s: alice.signer.sign(b), x: 1 })), WireFormatError)
  })
})

describe('createRosterOp', () => {
  test('sorts parents, so the same parent set gives the same op', async () => {
    const admin = await makeIdentity(1)
    const g1 = makeGenesis(admin, { t: 1 })
    const g2 = makeGenesis(admin, { t: 2 })
    const a = createRosterOp(admin.signer, { i: INCIDENT, k: 'role', p: [g1.hash, g2.hash], t: 5, d: { m: admin.signer.publicKey, r: 'admin' } })
    const b = createRosterOp(admin.signer, { i: INCIDENT, k: 'role', p: [g2.hash, g1.hash], t: 5, d: { m: admin.signer.publicKey, r: 'admin' } })
    assert.equal(a.hashHex, b.hashHex)
    assert.deepEqual(a.body.p.map(toHex), [g1.hashHex, g2.hashHex].sort())
  })

  test('an add with `h: undefined` (no invite) gives an op other nodes can decode', async () => {
    const admin = await makeIdentity(1)
    const member = await makeIdentity(2)
    const g = makeGenesis(admin)
    const op = createRosterOp(admin.signer, {
      i: INCIDENT, k: 'add', p: [g.hash], t: 7,
      d: { m: member.signer.publicKey, x: member.x25519.publicKey, n: 'm', r: 'responder', h: undefined, k: [] }
    })
    const received = decodeRosterOp(op.wire)
    assert.equal(received.hashHex, op.hashHex)
    assert.equal(toHex(encodeCbor(received.body)), toHex(innerBody(op.wire)))
    assert.deepEqual(toHex(addOp(admin, [g], member, 'responder', { name: 'm', t: 7 }).wire), toHex(op.wire))
  })

  test('refuses a body that does not fit the schema', async () => {
    const admin = await makeIdentity(1)
    assert.throws(() => createRosterOp(admin.signer, { i: new Uint8Array(15), k: 'role', p: [], t: 5, d: { m: admin.signer.publicKey, r: 'admin' } }), WireFormatError)
  })
})
