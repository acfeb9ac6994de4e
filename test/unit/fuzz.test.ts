// Seeded fuzzing of every wire decoder (and of opening sealed boxes, which also come from the
// network): random bytes and mutations of the golden fixtures must either decode or throw a
// LifeboatError subclass (never a TypeError, RangeError or library error, and never hang).
// Stream and gossip messages (sync, join, gossip frames, presence), the keyring record read from
// disk, and the control socket's request lines are fuzzed the same way; the request decoder is
// documented never to throw, so there any throw fails. Valid inputs that are not golden fixtures
// are built here from fixture keys with fixed nonces, so a seed reproduces every case.
// Reproduce a failure with LIFEBOAT_FUZZ_SEED=<the seed printed in its message>.
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { scryptSync } from 'node:crypto'
import { isMethodName } from '../../p2p/api/validators.js'
import { concatBytes, toBase64Url, toHex, u64be, utf8 } from '../../p2p/codec/bytes.js'
import { encodeCbor } from '../../p2p/codec/cbor.js'
import { encrypt } from '../../p2p/crypto/aead.js'
import { createSigner } from '../../p2p/crypto/ed25519.js'
import { open } from '../../p2p/crypto/seal.js'
import { LifeboatError, WireFormatError } from '../../p2p/errors.js'
import { PROTOCOL_ERROR } from '../../p2p/api/error-codes.js'
import { callMessage, decodeRequest, decodeServerMessage, responseMessage, subscribeMessage } from '../../p2p/api/wire.js'
import { CONTROL_CHANNEL, CONTROL_DIALECT, encodeRequestLine, encodeServerLine } from '../../p2p/host/control/protocol.js'
import { decodeIdentity } from '../../p2p/identity/identity.js'
import { decodeEntry } from '../../p2p/log/entry.js'
import { decodePayload } from '../../p2p/log/payload-read.js'
import { decodeInviteLink, INVITE_PREFIX } from '../../p2p/membership/invite-link.js'
import { decodeJoinMessage, encodeJoinMessage } from '../../p2p/services/join/join-messages.js'
import { decodeRosterOp } from '../../p2p/membership/roster-op.js'
import { decodeGossipFrame, encodeEntryFrame, encodeHeadsFrame, encodePresenceFrame } from '../../p2p/services/gossip/gossip-frames.js'
import { openKeyring, type KeyProtection } from '../../p2p/storage/keyring.js'
import { decodeSyncMessage, encodeSyncMessage } from '../../p2p/services/sync/sync-messages.js'
import { decodePresence } from '../../p2p/workspace/presence.js'
import { decodeCallSignal } from '../../p2p/call/call-signal.js'
import { decodeAddrRecord, decodeAddrsFrame } from '../../p2p/services/peers/addr-record.js'
import { entryFixtures, identityFixtures, linkFixtures, payloadFixtures, rosterFixture } from '../support/fixtures.js'
import { bytesOf } from '../support/hexjson.js'
import { readFixture } from '../support/paths.js'
import { mulberry32, randomBytesFrom, randomInt, type Rng } from '../support/prng.js'

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
  /** May return a promise (openKeyring): it must then settle the same way. */
  decode: (input: I) => unknown
  valid: I[]
  random: (rng: Rng) => I
  mutate: (input: I, rng: Rng) => I
  show: (input: I) => string
  /** Fewer cases for slow targets (X25519 in pure JS takes about a millisecond). */
  cases?: number
  /** Documented never to throw (bad input is a value): any throw fails. */
  neverThrows?: boolean
  /** Checks what a decode returned; returns false for a result that means "refused" (neverThrows targets). */
  result?: (value: unknown, input: I) => boolean
  /** The one LifeboatError subclass the decoder documents (default: any LifeboatError). */
  throwsOnly?: new (message: string) => LifeboatError
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

// Stream and gossip messages, built from the fixtures' real roster ops and entries.
const incidentId = bytesOf(roster.incidentId)
const opWires = roster.ops.map(o => bytesOf(o.wire))
const opHashes = roster.ops.map(o => bytesOf(o.hash))
const entryWires = entryFixtures().map(e => bytesOf(e.wire))
const aliceKey = bytesOf(alice.edPublic)
const syncMessages = [
  encodeSyncMessage({ t: 'req', i: incidentId, h: opHashes.slice(-2), vv: [[aliceKey, 3]] }),
  encodeSyncMessage({ t: 'req', i: incidentId, h: [], vv: [] }),
  encodeSyncMessage({ t: 'ops', o: opWires }),
  encodeSyncMessage({ t: 'ents', e: entryWires }),
  encodeSyncMessage({ t: 'end', h: opHashes.slice(0, 1), vv: [[aliceKey, 5], [bytesOf(identityFixtures()[1]?.edPublic ?? alice.edPublic), 1]] }),
  encodeSyncMessage({ t: 'no', c: 'not-member' })
]
const joinMessages = [
  encodeJoinMessage({ t: 'join', i: incidentId, h: new Uint8Array(32).fill(7) }),
  encodeJoinMessage({ t: 'challenge', n: new Uint8Array(32).fill(9) }),
  encodeJoinMessage({ t: 'proof', p: new Uint8Array(64).fill(1), n: 'Alice (IR lead)', x: bytesOf(alice.xPublic) }),
  encodeJoinMessage({ t: 'welcome', o: opWires }),
  encodeJoinMessage({ t: 'no', c: 'expired', m: 'this invite has expired' })
]

/** A presence wire as presence.ts seals it, with a fixed nonce and time (sealPresence draws a random nonce). */
function presenceWire (state: unknown, t: number): Uint8Array {
  const signer = createSigner(bytesOf(alice.edSeed), aliceKey)
  const epoch = 0
  const n = new Uint8Array(24).fill(t % 251)
  const aad = concatBytes(utf8('lifeboat/presence/v1'), incidentId, aliceKey, u64be(t), Uint8Array.of(0, 0, 0, epoch))
  const b = encodeCbor({ v: 1, i: incidentId, a: aliceKey, t, e: epoch, n, c: encrypt(new Uint8Array(32).fill(3), n, utf8(JSON.stringify(state)), aad) })
  return encodeCbor({ b, g: signer.sign(b) })
}
const presenceWires = [presenceWire({ note: 'scoping', line: 3 }, 1_767_225_600_000), presenceWire({}, 1_767_225_601_000), presenceWire({ typing: true, where: 'x'.repeat(300) }, 1_767_225_602_000)]
const gossipFrames = [
  ...entryWires.map(w => encodeEntryFrame(w)),
  encodeHeadsFrame(incidentId, opHashes),
  encodeHeadsFrame(incidentId, []),
  ...presenceWires.map(w => encodePresenceFrame(w))
]

// Keyring records as keyring.ts writes them, with fixed salt, nonce and key, and cheap scrypt
// parameters (the record names its own; SCRYPT's 32 MiB each would make thousands of cases slow).
const PASSPHRASE = 'correct horse battery staple'
const dataKey = new Uint8Array(32).fill(0x42)
function scryptRecord (N: number, r: number, p: number): Uint8Array {
  const salt = new Uint8Array(16).fill(N % 256)
  const n = new Uint8Array(24).fill(r)
  const kek = new Uint8Array(scryptSync(PASSPHRASE, salt, 32, { N, r, p }))
  return encodeCbor({ v: 1, kdf: 'scrypt', salt, N, r, p, n, w: encrypt(kek, n, dataKey, utf8('lifeboat/keyring/v1')) })
}
const unprotectedRecord = encodeCbor({ v: 1, kdf: 'none', k: dataKey })
const passphraseRecords = [scryptRecord(16, 1, 1), scryptRecord(64, 2, 1), scryptRecord(32, 1, 2), unprotectedRecord]
const hostRecords = [encodeCbor({ v: 1, kdf: 'host', w: concatBytes(utf8('host:'), dataKey) }), unprotectedRecord]
const passphrase: KeyProtection = { kind: 'passphrase', passphrase: PASSPHRASE }
const hostKeychain: KeyProtection = {
  kind: 'host',
  wrap: async key => concatBytes(utf8('host:'), key),
  unwrap: async wrapped => {
    if (wrapped.byteLength !== 37 || toHex(wrapped.subarray(0, 5)) !== toHex(utf8('host:'))) throw new Error('the keychain does not know this blob')
    return wrapped.slice(5)
  }
}

// Control socket request lines: valid calls and subscriptions, random JSON-ish text, and
// requests with every field of a random type (including names that exist on every object).
const requestLines = [
  callMessage(1, 'whoami', {}),
  callMessage('a-7', 'sendMessage', { incidentId: toHex(incidentId), text: 'Isolated VLAN 40\nimaging fs-02' }),
  callMessage(2, 'messages', { incidentId: toHex(incidentId), limit: 50 }),
  callMessage(3, 'timelineAdd', { incidentId: toHex(incidentId), occurredAt: '2026-03-01T08:15:00Z', text: 'first share', tags: ['edr'] }),
  callMessage(4, 'createInvite', { incidentId: toHex(incidentId), role: 'guest', expiresInMs: 3_600_000, uses: 1 }),
  subscribeMessage(5)
].map(encodeRequestLine).map(line => line.trimEnd())
const serverLines = [
  responseMessage(1, { ok: true, value: { peerId: alice.peerId, addrs: [] } }),
  responseMessage('a-7', { ok: false, error: { code: 'not-found', message: 'no incident' } }),
  responseMessage(null, { ok: false, error: { code: PROTOCOL_ERROR.malformed, message: 'not JSON' } })
].map(encodeServerLine).concat(
  JSON.stringify({ event: 'message', payload: { incidentId: toHex(incidentId), message: { id: 'x:1', text: 'hi' } } })
).map(line => line.trimEnd())

const WEIRD_NAMES = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'whoami', 'sendMessage', 'stats', '', 'WHOAMI', 'whoami ', 'join\u0000']
function randomJson (rng: Rng, depth = 0): unknown {
  switch (randomInt(rng, depth > 2 ? 6 : 8)) {
    case 0: return null
    case 1: return rng() < 0.5
    case 2: return [0, 1, -1, 1.5, 2 ** 53, -(2 ** 63), 1e308, -0, 7][randomInt(rng, 9)]
    case 3: return WEIRD_NAMES[randomInt(rng, WEIRD_NAMES.length)]
    case 4: return Buffer.from(randomBytesFrom(rng, randomInt(rng, 40))).toString('latin1')
    case 5: return 'x'.repeat(randomInt(rng, 300))
    case 6: return Array.from({ length: randomInt(rng, 4) }, () => randomJson(rng, depth + 1))
    default: return Object.fromEntries(Array.from({ length: randomInt(rng, 4) }, () => [WEIRD_NAMES[randomInt(rng, WEIRD_NAMES.length)] as string, randomJson(rng, depth + 1)]))
  }
}
function randomRequest (rng: Rng): string {
  if (rng() < 0.2) return Buffer.from(randomBytes(rng)).toString(rng() < 0.5 ? 'latin1' : 'utf8')
  const fields: Array<[string, () => unknown]> = [
    ['v', () => rng() < 0.6 ? 1 : randomJson(rng)],
    ['id', () => rng() < 0.6 ? randomInt(rng, 1000) : randomJson(rng)],
    ['method', () => rng() < 0.5 ? WEIRD_NAMES[randomInt(rng, WEIRD_NAMES.length)] : randomJson(rng)],
    ['params', () => randomJson(rng)],
    ['subscribe', () => rng() < 0.5 ? true : randomJson(rng)],
    [WEIRD_NAMES[randomInt(rng, WEIRD_NAMES.length)] as string, () => randomJson(rng)]
  ]
  const request: Record<string, unknown> = {}
  for (const [key, value] of fields) if (rng() < 0.7) Object.defineProperty(request, key, { value: value(), enumerable: true })
  return JSON.stringify(request)
}
/** Mutates the line's UTF-8 bytes (as a client could send them) or its characters. */
function mutateLine (line: string, rng: Rng): string {
  if (rng() < 0.5) return Buffer.from(mutate(utf8(line), rng)).toString('utf8').replace(/\n/g, '')
  const chars = [...line]
  const pieces = ['{', '}', '"', ':', ',', '[', ']', '\\', 'null', '1', '-', 'e9', '__proto__', '\u2028', '\ud800']
  for (let i = 1 + randomInt(rng, 3); i > 0; i--) chars.splice(randomInt(rng, chars.length + 1), randomInt(rng, 3), pieces[randomInt(rng, pieces.length)] as string)
  return chars.join('')
}
const ids = (id: unknown): boolean => id === null || (typeof id === 'number' && Number.isFinite(id)) || (typeof id === 'string' && id.length <= 128)
const protocolCodes = new Set<string>(Object.values(PROTOCOL_ERROR))

const requestTarget: Target<string> = {
  name: 'decodeRequest (control socket)',
  decode: line => decodeRequest(line, isMethodName, CONTROL_DIALECT),
  valid: requestLines,
  random: randomRequest,
  mutate: mutateLine,
  show: line => JSON.stringify(line),
  neverThrows: true,
  // What it returns must be exactly one of the three documented shapes.
  result: (value) => {
    const r = value as ReturnType<typeof decodeRequest>
    if (r.type === 'invalid') {
      assert.ok(ids(r.id) && protocolCodes.has(r.error.code) && typeof r.error.message === 'string', `bad invalid result ${JSON.stringify(r)}`)
      return false
    }
    assert.ok(ids(r.id) && r.id !== null, `bad id in ${JSON.stringify(r)}`)
    if (r.type === 'call') {
      assert.ok(isMethodName(r.method), `not a method: ${JSON.stringify(r)}`)
      assert.ok(typeof r.params === 'object' && r.params !== null && !Array.isArray(r.params), `params not an object: ${JSON.stringify(r)}`)
    } else {
      assert.equal(r.type, 'subscribe', `unknown result type in ${JSON.stringify(r)}`)
    }
    return true
  }
}
const serverLineTarget: Target<string> = {
  name: 'decodeServerLine (control socket)',
  decode: line => decodeServerMessage(line, CONTROL_CHANNEL),
  valid: serverLines,
  random: randomRequest,
  mutate: mutateLine,
  show: line => JSON.stringify(line),
  throwsOnly: WireFormatError
}

const addrsFixture = readFixture<{ records: Array<{ bytes: string }>, messages: Array<{ bytes: string }> }>('addrs-messages.json')

const targets: Array<Target<Uint8Array> | Target<string>> = [
  bytesTarget('decodeEntry', decodeEntry, entryFixtures().map(e => bytesOf(e.wire))),
  bytesTarget('decodeRosterOp', decodeRosterOp, rosterFixture().ops.map(o => bytesOf(o.wire))),
  bytesTarget('decodePayload', decodePayload, [...payloadFixtures().payloads, ...payloadFixtures().unknown].map(p => bytesOf(p.bytes))),
  bytesTarget('decodeIdentity', decodeIdentity, identityFixtures().map(i => bytesOf(i.stored))),
  linkTarget,
  { ...bytesTarget('open (sealed box)', box => open(aliceX, box, sealContext), [genesisBox]), cases: 500 },
  bytesTarget('decodeSyncMessage', decodeSyncMessage, syncMessages),
  bytesTarget('decodeJoinMessage', decodeJoinMessage, joinMessages),
  bytesTarget('decodeGossipFrame', decodeGossipFrame, gossipFrames),
  bytesTarget('decodePresence', decodePresence, presenceWires),
  bytesTarget('decodeCallSignal', decodeCallSignal, readFixture<{ messages: Array<{ bytes: string }> }>('call-messages.json').messages.map(m => bytesOf(m.bytes))),
  bytesTarget('decodeAddrsFrame', decodeAddrsFrame, addrsFixture.messages.map(m => bytesOf(m.bytes))),
  bytesTarget('decodeAddrRecord', decodeAddrRecord, addrsFixture.records.map(r => bytesOf(r.bytes))),
  { ...bytesTarget('openKeyring (passphrase)', async record => await openKeyring(record, passphrase), passphraseRecords), cases: 1_000 },
  bytesTarget('openKeyring (host keychain)', async record => await openKeyring(record, hostKeychain), hostRecords),
  requestTarget,
  serverLineTarget
]

/**
 * Decodes once; 'returned' if it returned an accepted value, 'refused' if it returned a refusal
 * (neverThrows targets), else the name of the LifeboatError it threw; fails the test otherwise.
 */
async function check<I> (target: Target<I>, input: I, seed: number, label: string): Promise<string> {
  const started = performance.now()
  let outcome = 'returned'
  const context = (): string => `for ${label}; LIFEBOAT_FUZZ_SEED=${SEED} (${target.name} seed ${seed}); input ${target.show(input).slice(0, 400)}`
  let value: unknown
  try {
    value = target.decode(input)
    if (value instanceof Promise) value = await value
  } catch (err) {
    outcome = err instanceof Error ? err.name : 'non-Error'
    const allowed = target.throwsOnly ?? LifeboatError
    if (target.neverThrows === true || !(err instanceof allowed)) {
      assert.fail(`${target.name} threw ${err instanceof Error ? `${err.name}: ${err.message}` : String(err)} ` +
        `(${target.neverThrows === true ? 'it never throws' : `not a ${allowed.name}`}) ${context()}`)
    }
  }
  const ms = performance.now() - started
  assert.ok(ms < SLOW_MS, `${target.name} took ${ms.toFixed(0)} ms ${context()}`)
  if (outcome === 'returned' && target.result !== undefined) {
    try {
      if (!target.result(value, input)) outcome = 'refused'
    } catch (err) {
      assert.fail(`${target.name} returned something it does not document: ${err instanceof Error ? err.message : String(err)} ${context()}`)
    }
  }
  return outcome
}

describe(`decoder fuzzing (seed ${SEED})`, () => {
  targets.forEach((target, index) => {
    const seed = (SEED + index * 7919) >>> 0
    const t = target as Target<unknown>

    const randomCases = t.cases ?? RANDOM_CASES
    const mutationCases = t.cases ?? MUTATION_CASES

    test(`${target.name}: ${randomCases} random inputs`, { timeout: 120_000 }, async () => {
      const rng = mulberry32(seed)
      for (let i = 0; i < randomCases; i++) await check(t, t.random(rng), seed, `random case ${i}`)
    })

    test(`${target.name}: ${mutationCases} mutations of the fixtures`, { timeout: 120_000 }, async (ctx) => {
      assert.ok(t.valid.length > 0, 'no fixtures to mutate')
      for (const [i, input] of t.valid.entries()) {
        const value = await t.decode(input)
        assert.notEqual(t.result?.(value, input), false, `valid input #${i} of ${target.name} was refused`)
      }
      const rng = mulberry32(seed ^ 0x9e3779b9)
      const outcomes = new Map<string, number>()
      for (let i = 0; i < mutationCases; i++) {
        const outcome = await check(t, t.mutate(t.valid[i % t.valid.length], rng), seed, `mutation case ${i}`)
        outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1)
      }
      const decoded = outcomes.get('returned') ?? 0
      ctx.diagnostic(`outcomes: ${[...outcomes].sort((x, y) => y[1] - x[1]).map(([k, n]) => `${k} ${n}`).join(', ')}`)
      // The mutations must actually break things most of the time, or they test nothing.
      assert.ok(decoded < mutationCases * 0.9, `${decoded} of ${mutationCases} mutations still decoded; LIFEBOAT_FUZZ_SEED=${SEED}`)
    })
  })
})
