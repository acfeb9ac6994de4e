// Invite links v2 (compact): golden fixtures, round trips, any case, damage caught by the check,
// and a QR code small enough to scan at normal size (issue 11).
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import jsQRModule from 'jsqr'
import QRCode from 'qrcode'
import { inviteQrText } from '../../p2p/api/invite-qr.js'
import { fromBase32, toBase32 } from '../../p2p/codec/base32.js'
import { InvalidArgumentError } from '../../p2p/errors.js'
import { peerIdOf } from '../../p2p/identity/peer-key.js'
import { decodeInviteLink, encodeInviteLink, INVITE_DAMAGED, INVITE_PREFIX, type InviteLink } from '../../p2p/membership/invite-link.js'
import { compactLinkFixtures } from '../support/fixtures.js'
import { fromJsonable, toJsonable } from '../support/hexjson.js'

// jsqr is a UMD bundle whose types declare an ES default export; under Node's ESM interop the
// default import is the function itself.
const jsQR = jsQRModule as unknown as (data: Uint8ClampedArray, width: number, height: number) => { data: string } | null

describe('base32 (RFC 4648, no padding)', () => {
  for (const [text, encoded] of [['', ''], ['f', 'my'], ['fo', 'mzxq'], ['foo', 'mzxw6'], ['foob', 'mzxw6yq'], ['fooba', 'mzxw6ytb'], ['foobar', 'mzxw6ytboi']] as const) {
    test(`"${text}" ↔ "${encoded}", either case`, () => {
      assert.equal(toBase32(new TextEncoder().encode(text)), encoded)
      assert.equal(new TextDecoder().decode(fromBase32(encoded.toUpperCase())), text)
    })
  }
  test('non-canonical or foreign text is refused', () => {
    for (const bad of ['m', 'mzxw6yr', 'mzx1', 'mz=q']) assert.equal(fromBase32(bad), undefined, bad)
  })
})

describe('invite link v2 golden fixtures', () => {
  for (const f of compactLinkFixtures()) {
    test(`${f.name}: decodes to the expected fields, in either case`, () => {
      assert.deepEqual(toJsonable(decodeInviteLink(f.link)), f.fields)
      assert.deepEqual(toJsonable(decodeInviteLink(f.link.toUpperCase())), f.fields)
    })
    test(`${f.name}: encoding the same fields today gives exactly the fixture link`, () => {
      assert.equal(encodeInviteLink(fromJsonable(f.fields) as InviteLink), f.link)
    })
  }
})

const inviter = new Uint8Array(32).fill(3)
const self = `/p2p/${peerIdOf(inviter)}`
/** What a laptop on a LAN hands out: IPv4, IPv6 and a container bridge, each with its peer id. */
const base: InviteLink = {
  incidentId: new Uint8Array(16).fill(1),
  title: 'Ransomware on the file servers at the depot',
  secret: new Uint8Array(32).fill(2),
  inviter,
  inviterX25519: new Uint8Array(32).fill(4),
  addrs: [`/ip4/192.168.1.20/tcp/41234${self}`, `/ip6/fd00:1234:5678::20/tcp/41234${self}`, `/ip4/172.17.0.1/tcp/41234${self}`],
  expiresAt: 1_800_000_000_000
}

describe('encodeInviteLink / decodeInviteLink, v2', () => {
  test('round trip; an address without a peer id gets the inviter\'s', () => {
    const link = encodeInviteLink(base)
    assert.match(link, /^lifeboat:\/\/join\/2-[a-z2-7]+$/)
    assert.deepEqual(decodeInviteLink(link), base)
    const bare = decodeInviteLink(encodeInviteLink({ ...base, addrs: ['/ip4/10.0.0.5/tcp/4100'] }))
    assert.deepEqual(bare.addrs, [`/ip4/10.0.0.5/tcp/4100${self}`])
  })

  test('the expiry is carried in whole seconds, rounded down', () => {
    assert.equal(decodeInviteLink(encodeInviteLink({ ...base, expiresAt: 1_800_000_000_999 })).expiresAt, 1_800_000_000_000)
  })

  test('every single wrong character and every cut is caught as damage, in plain words', () => {
    const link = encodeInviteLink(base)
    const payloadStart = INVITE_PREFIX.length + 2
    const damaged: string[] = []
    for (let at = payloadStart; at < link.length; at++) {
      const c = link[at] === 'a' ? 'b' : 'a'
      damaged.push(link.slice(0, at) + c + link.slice(at + 1))
    }
    for (let cut = 1; cut < link.length - payloadStart; cut++) damaged.push(link.slice(0, -cut))
    for (const text of damaged) {
      assert.throws(() => decodeInviteLink(text), (err: unknown) => err instanceof InvalidArgumentError && err.message === INVITE_DAMAGED, text)
    }
  })

  test('the QR code of a LAN link with three addresses is version 11 or less (61 modules), alphanumeric', () => {
    const v1 = QRCode.create(encodeInviteLink({ ...base, inviterX25519: undefined }), { errorCorrectionLevel: 'M' })
    const v2 = QRCode.create(inviteQrText(encodeInviteLink(base)), { errorCorrectionLevel: 'M' })
    console.log(`# QR at level M: v1 link version ${v1.version} (${v1.modules.size} modules), v2 link version ${v2.version} (${v2.modules.size} modules)`)
    assert.ok(v2.version <= 11, `version ${v2.version}`)
    assert.deepEqual(v2.segments.map(s => s.mode.id), ['Alphanumeric'])
    assert.equal(decodeInviteLink(inviteQrText(encodeInviteLink(base))).title, base.title, 'the upper-case QR text is the same link')
  })

  test('the QR code drawn as the invite dialog draws it (260 px, margin 2, level M) decodes back to the link', () => {
    const link = encodeInviteLink(base)
    const qr = QRCode.create(inviteQrText(link), { errorCorrectionLevel: 'M' })
    const width = 260
    const margin = 2
    const scale = width / (qr.modules.size + 2 * margin)
    const pixels = new Uint8ClampedArray(width * width * 4).fill(255)
    for (let y = 0; y < width; y++) {
      for (let x = 0; x < width; x++) {
        const mx = Math.floor(x / scale) - margin
        const my = Math.floor(y / scale) - margin
        const dark = mx >= 0 && my >= 0 && mx < qr.modules.size && my < qr.modules.size && qr.modules.get(my, mx) === 1
        if (dark) pixels.fill(0, (y * width + x) * 4, (y * width + x) * 4 + 3)
      }
    }
    const decoded = jsQR(pixels, width, width)
    assert.ok(decoded !== null, 'no QR code found in the drawing')
    assert.deepEqual(toJsonable(decodeInviteLink(decoded.data)), toJsonable(decodeInviteLink(link)))
  })
})
