// Safety numbers: stable, human-comparable, and sensitive to both keys.
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { fingerprint } from '../../p2p/identity/fingerprint.js'
import { identityFixtures } from '../support/fixtures.js'
import { bytesOf } from '../support/hexjson.js'

const fixtures = identityFixtures()
// Computed outside this code base: SHA-256("lifeboat/fingerprint/v1" || 32 × 0x00 || 32 × 0x01),
// six 5-byte big-endian groups, each mod 100000, zero-padded.
const GOLDEN_ZERO_ONE = '28027 23073 47023 77163 37352 00936'

describe('fingerprint', () => {
  test('is stable: the golden values of the fixture identities', () => {
    for (const f of fixtures) assert.equal(fingerprint(bytesOf(f.edPublic), bytesOf(f.xPublic)), f.fingerprint, f.name)
  })

  test('a fixed golden value for all-zero and all-one keys', () => {
    assert.equal(fingerprint(new Uint8Array(32), new Uint8Array(32).fill(1)), GOLDEN_ZERO_ONE)
  })

  test('is six groups of five digits', () => {
    for (const f of fixtures) assert.match(f.fingerprint, /^\d{5}( \d{5}){5}$/)
  })

  test('changes when either key changes, even by one bit', () => {
    const ed = bytesOf((fixtures[0] as (typeof fixtures)[number]).edPublic)
    const x = bytesOf((fixtures[0] as (typeof fixtures)[number]).xPublic)
    const base = fingerprint(ed, x)
    for (const which of ['ed', 'x'] as const) {
      for (const byte of [0, 31]) {
        const e2 = ed.slice()
        const x2 = x.slice()
        const target = which === 'ed' ? e2 : x2
        target[byte] = (target[byte] as number) ^ 0x01
        assert.notEqual(fingerprint(e2, x2), base, `${which} byte ${byte}`)
      }
    }
  })

  test('is not symmetric in its two keys', () => {
    const ed = bytesOf((fixtures[0] as (typeof fixtures)[number]).edPublic)
    const x = bytesOf((fixtures[0] as (typeof fixtures)[number]).xPublic)
    assert.notEqual(fingerprint(ed, x), fingerprint(x, ed))
  })
})
