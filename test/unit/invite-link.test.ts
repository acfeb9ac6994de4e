// Invite links v1: golden fixtures, round trips and damaged links.
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { fromBase64Url, toBase64Url } from '../../p2p/codec/bytes.js'
import { decodeCbor, encodeCbor } from '../../p2p/codec/cbor.js'
import { InvalidArgumentError } from '../../p2p/errors.js'
import { decodeInviteLink, encodeInviteLink, INVITE_DAMAGED, INVITE_PREFIX, INVITE_TOO_NEW, NOT_AN_INVITE, type InviteLink } from '../../p2p/membership/invite-link.js'
import { linkFixtures } from '../support/fixtures.js'
import { fromJsonable, toJsonable } from '../support/hexjson.js'

const fixtures = linkFixtures()

describe('invite link v1 golden fixtures', () => {
  for (const f of fixtures) {
    test(`${f.name}: decodes to the expected fields`, () => {
      assert.deepEqual(toJsonable(decodeInviteLink(f.link)), f.fields)
    })

    test(`${f.name}: encoding the same fields today gives exactly the fixture link`, () => {
      assert.equal(encodeInviteLink(fromJsonable(f.fields) as InviteLink), f.link)
    })

    test(`${f.name}: the payload is canonical CBOR with the v1 keys`, () => {
      const bytes = fromBase64Url(f.link.slice(INVITE_PREFIX.length))
      const raw = decodeCbor(bytes, 4096) as Record<string, unknown>
      assert.deepEqual(Object.keys(raw).sort(), ['a', 'i', 'p', 's', 't', 'v', 'x'])
      assert.equal(raw.v, 1)
      assert.equal(toBase64Url(encodeCbor(raw)), f.link.slice(INVITE_PREFIX.length))
    })
  }
})

const base: InviteLink = {
  incidentId: new Uint8Array(16).fill(1),
  title: 'Outage in region west',
  secret: new Uint8Array(32).fill(2),
  inviter: new Uint8Array(32).fill(3),
  addrs: ['/ip4/127.0.0.1/tcp/4001'],
  expiresAt: 1_800_000_000_000
}
const payloadOf = (link: InviteLink): Record<string, unknown> => ({ v: 1, i: link.incidentId, t: link.title, s: link.secret, p: link.inviter, a: link.addrs, x: link.expiresAt })
const linkOf = (payload: unknown): string => INVITE_PREFIX + toBase64Url(encodeCbor(payload))

describe('encodeInviteLink / decodeInviteLink', () => {
  test('round trip', () => {
    const link = encodeInviteLink(base)
    assert.ok(link.startsWith('lifeboat://join/'))
    assert.match(link.slice(INVITE_PREFIX.length), /^[A-Za-z0-9_-]+$/)
    assert.deepEqual(decodeInviteLink(link), base)
  })

  test('surrounding whitespace (as pasted) is ignored', () => {
    assert.deepEqual(decodeInviteLink(`  ${encodeInviteLink(base)}\n`), base)
  })

  // Every failure is worded for the person who pasted the link (issue 11): what to do, never
  // "malformed CBOR", a schema path or a byte count.
  const damaged: Array<[string, string, string]> = [
    ['a wrong prefix', 'https://join/' + encodeInviteLink(base).slice(INVITE_PREFIX.length), NOT_AN_INVITE],
    ['an empty link', '', NOT_AN_INVITE],
    ['the prefix alone', INVITE_PREFIX, INVITE_DAMAGED],
    ['characters outside base64url', INVITE_PREFIX + 'oWF2AQ==', INVITE_DAMAGED],
    ['a space inside', encodeInviteLink(base).replace('join/', 'join/ '), INVITE_DAMAGED],
    ['a truncated link', encodeInviteLink(base).slice(0, 60), INVITE_DAMAGED],
    ['a link cut short by one character', encodeInviteLink(base).slice(0, -1), INVITE_DAMAGED],
    ['a wrong character in the structure', INVITE_PREFIX + 'q' + encodeInviteLink(base).slice(INVITE_PREFIX.length + 1), INVITE_DAMAGED],
    ['a version 2 payload', linkOf({ ...payloadOf(base), v: 2 }), INVITE_TOO_NEW],
    ['an extra field', linkOf({ ...payloadOf(base), z: 'extra' }), INVITE_DAMAGED],
    ['a missing field', linkOf({ v: 1, i: base.incidentId, t: base.title }), INVITE_DAMAGED],
    ['a 31-byte secret', linkOf({ ...payloadOf(base), s: new Uint8Array(31) }), INVITE_DAMAGED],
    ['an empty title', linkOf({ ...payloadOf(base), t: '' }), INVITE_DAMAGED],
    ['a negative expiry', linkOf({ ...payloadOf(base), x: -1 }), INVITE_DAMAGED],
    ['not CBOR at all', INVITE_PREFIX + toBase64Url(new TextEncoder().encode('hello world')), INVITE_DAMAGED]
  ]
  for (const [what, text, message] of damaged) {
    test(`${what} gives InvalidArgumentError in plain words`, () => {
      assert.throws(() => decodeInviteLink(text), (err: unknown) => {
        assert.ok(err instanceof InvalidArgumentError, `expected InvalidArgumentError, got ${String(err)}`)
        assert.equal(err.code, 'invalid-argument')
        assert.equal(err.message, message)
        return true
      })
    })
  }

  test('an oversized link is refused', () => {
    const big = { ...base, addrs: Array.from({ length: 16 }, () => 'x'.repeat(300)) }
    assert.throws(() => decodeInviteLink(encodeInviteLink(big)), InvalidArgumentError)
  })
})
