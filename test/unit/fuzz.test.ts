// Seeded fuzzing of every wire decoder (and of opening sealed boxes, which also come from the
// network): random bytes and mutations of the golden fixtures must either decode or throw a
// LifeboatError subclass (never a TypeError, RangeError or library error, and never hang).
// Reproduce a failure with LIFEBOAT_FUZZ_SEED=<the seed printed in its message>.
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { concatBytes, toBase64Url, toHex, utf8 } from '../../p2p/codec/bytes.js'
import { open } from '../../p2p/crypto/seal.js'
import { LifeboatError } from '../../p2p/errors.js'
import { decodeIdentity } from '../../p2p/identity/identity.js'
import { decodeEntry } from '../../p2p/log/entry.js'
import { decodePayload } from '../../p2p/log/payload.js'
import { decodeInviteLink, INVITE_PREFIX } from '../../p2p/membership/invite-link.js'
import { decodeRosterOp } from '../../p2p/membership/roster-op.js'
import { entryFixtures, identityFixtures, linkFixtures, payloadFixtures, rosterFixture } from './support/fixtures.js'
import { bytesOf } from './support/hexjson.js'
import { mulberry32, randomBytesFrom, randomInt, type Rng } from './support/prng.js'

const SEED = Number(process.env.LIFEBOAT_FUZZ_SEED ?? 0x1feb0a7)
const RANDOM_CASES = 2_000
const MUTATION_CASES = 2_000
/** A single decode taking longer than this is treated as a hang. */
const SLOW_MS = 1_000

/** One to four mutations: bit flips, interesting bytes, truncation, insertion, deletion, duplication. */
function mutate (input: Uint8Array, rng: Rng): Uint8Array {
  let out = input.slice()
  const rounds = 1 + randomInt(rng, 4)
  for (let r = 0; r < rounds; r++) {
    const at = randomInt(rng, out.byteLength + 1)
    switch (randomInt(rng, 6)) {
      case 0: {
        if (out.byteLength === 0) break
        const i = Math.min(at, out.byteLength - 1)
        out[i] = (out[i] as number) ^ (1 << randomInt(rng, 8))
        break
      }
      case 1: {
        if (out.byteLength === 0) break
        const interesting = [0x00, 0xff, 0x7f, 0x80, 0x17, 0x18, 0x1b, 0x1f, 0x5f, 0x9f, 0xbf, 0xf7, 0xf6, 0xfb]
        out[Math.min(at, out.byteLength - 1)] = interesting[randomInt(rng, interesting.length)] as number
        break
      }
      case 2: out = out.slice(0, at); break
      case 3: out = new Uint8Array([...out.subarray(0, at), ...randomBytesFrom(rng, 1 + randomInt(rng, 16)), ...out.subarray(at)]); break
      case 4: out = new Uint8Array([...out.subarray(0, at), ...out.subarray(Math.min(out.byteLength, at + 1 + randomInt(rng, 8)))]); break
      default: {
        const len = randomInt(rng, 32)
        out = new Uint8Array([...out.subarray(0, at), ...out.subarray(at, at + len), ...out.subarray(at)])
      }
    }
  }
  return out
}

interface Target<I> {
  name: string
  decode: (input: I) => unknown
  valid: I[]
  random: (rng: Rng) => I
  mutate: (input: I, rng: Rng) => I
  show: (input: I) => string
  /** Fewer cases for slow targets (X25519 in pure JS takes about a millisecond). */
  cases?: number
}

const randomBytes = (rng: Rng): Uint8Array => randomBytesFrom(rng, randomInt(rng, 400))
const bytesTarget = (name: string, decode: (b: Uint8Array) => unknown, valid: Uint8Array[]): Target<Uint8Array> =>
  ({ name, decode, valid, random: randomBytes, mutate, show: toHex })

const links = linkFixtures().map(l => l.link)
const linkPayload = (link: string): Uint8Array => new Uint8Array(Buffer.from(link.slice(INVITE_PREFIX.length), 'base64url'))
const base64urlChars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'

const linkTarget: Target<string> = {
  name: 'decodeInviteLink',
  decode: decodeInviteLink,
  valid: links,
  // Half arbitrary text, half the right prefix with random base64url bytes behind it.
  random: rng => rng() < 0.5
    ? Buffer.from(randomBytes(rng)).toString('latin1')
    : INVITE_PREFIX + toBase64Url(randomBytes(rng)),
  // Mutate either the CBOR inside the link or the link text itself.
  mutate: (link, rng) => {
    if (rng() < 0.6) return INVITE_PREFIX + toBase64Url(mutate(linkPayload(link), rng))
    const chars = [...link]
    const at = randomInt(rng, chars.length)
    const c = base64urlChars[randomInt(rng, base64urlChars.length)] as string
    if (rng() < 0.5) chars[at] = c; else chars.splice(at, randomInt(rng, 3), rng() < 0.2 ? '%' : c)
    return chars.join('')
  },
  show: link => JSON.stringify(link)
}

// The genesis op's epoch key, sealed to alice.
const alice = identityFixtures()[0] as ReturnType<typeof identityFixtures>[number]
const roster = rosterFixture()
const aliceX = { secretKey: bytesOf(alice.xSecret), publicKey: bytesOf(alice.xPublic) }
const sealContext = concatBytes(utf8('lifeboat/epoch-key/v1'), bytesOf(roster.incidentId), bytesOf(alice.edPublic))
const genesisBox = bytesOf(((roster.ops[0]?.body.d ?? {}) as { k: string }).k)

const targets: Array<Target<Uint8Array> | Target<string>> = [
  bytesTarget('decodeEntry', decodeEntry, entryFixtures().map(e => bytesOf(e.wire))),
  bytesTarget('decodeRosterOp', decodeRosterOp, rosterFixture().ops.map(o => bytesOf(o.wire))),
  bytesTarget('decodePayload', decodePayload, [...payloadFixtures().payloads, ...payloadFixtures().unknown].map(p => bytesOf(p.bytes))),
  bytesTarget('decodeIdentity', decodeIdentity, identityFixtures().map(i => bytesOf(i.stored))),
  linkTarget,
  { ...bytesTarget('open (sealed box)', box => open(aliceX, box, sealContext), [genesisBox]), cases: 500 }
]

/** Decodes once; true if it returned, false if it threw a LifeboatError, fails the test otherwise. */
function check<I> (target: Target<I>, input: I, seed: number, label: string): boolean {
  const started = performance.now()
  let returned = true
  try {
    target.decode(input)
  } catch (err) {
    returned = false
    if (!(err instanceof LifeboatError)) {
      assert.fail(`${target.name} threw ${err instanceof Error ? `${err.name}: ${err.message}` : String(err)} (not a LifeboatError) ` +
        `for ${label}; LIFEBOAT_FUZZ_SEED=${SEED} (${target.name} seed ${seed}); input ${target.show(input).slice(0, 400)}`)
    }
  }
  const ms = performance.now() - started
  assert.ok(ms < SLOW_MS, `${target.name} took ${ms.toFixed(0)} ms for ${label}; LIFEBOAT_FUZZ_SEED=${SEED}`)
  return returned
}

describe(`decoder fuzzing (seed ${SEED})`, () => {
  targets.forEach((target, index) => {
    const seed = (SEED + index * 7919) >>> 0
    const t = target as Target<unknown>

    const randomCases = t.cases ?? RANDOM_CASES
    const mutationCases = t.cases ?? MUTATION_CASES

    test(`${target.name}: ${randomCases} random inputs`, { timeout: 120_000 }, () => {
      const rng = mulberry32(seed)
      for (let i = 0; i < randomCases; i++) check(t, t.random(rng), seed, `random case ${i}`)
    })

    test(`${target.name}: ${mutationCases} mutations of the fixtures`, { timeout: 120_000 }, () => {
      assert.ok(t.valid.length > 0, 'no fixtures to mutate')
      for (const input of t.valid) t.decode(input)
      const rng = mulberry32(seed ^ 0x9e3779b9)
      let decoded = 0
      for (let i = 0; i < mutationCases; i++) {
        if (check(t, t.mutate(t.valid[i % t.valid.length], rng), seed, `mutation case ${i}`)) decoded++
      }
      // The mutations must actually break things most of the time, or they test nothing.
      assert.ok(decoded < mutationCases * 0.9, `${decoded} of ${mutationCases} mutations still decoded; LIFEBOAT_FUZZ_SEED=${SEED}`)
    })
  })
})
