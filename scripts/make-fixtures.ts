// Writes the golden wire-format fixtures under test/fixtures/ from fixed keys and inputs.
//
//   npx tsc -p . && node dist/scripts/make-fixtures.js
//
// Run it only when a wire format changes on purpose (with a new version number): the unit tests
// never regenerate fixtures, they decode the committed bytes, so a change that alters what is
// on the wire or on disk fails them. Sealed boxes and entries carry random nonces, so running
// this again rewrites those bytes; invite links, payloads, stored identities and the invite,
// role and remove ops are deterministic and come out identical.
//
// Bytes are written as "0x<hex>". Each fixture lists the inputs used (the decoded fields the
// tests expect), never values read back through the decoders.
import { writeFileSync, existsSync, mkdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { generateKeyPairFromSeed } from '@libp2p/crypto/keys'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import * as Y from 'yjs'
import { concatBytes, toHex, utf8 } from '../p2p/codec/bytes.js'
import { encodeCbor } from '../p2p/codec/cbor.js'
import { createSigner, type Signer } from '../p2p/crypto/ed25519.js'
import { sha256 } from '../p2p/crypto/hash.js'
import { seal, x25519PublicKey } from '../p2p/crypto/seal.js'
import { fingerprint } from '../p2p/identity/fingerprint.js'
import { createEntry } from '../p2p/log/entry.js'
import { encodePayload, type PayloadInput } from '../p2p/log/payload.js'
import { encodeInviteLink, type InviteLink } from '../p2p/membership/invite-link.js'
import { createRosterOp, type RosterOp, type RosterOpBody } from '../p2p/membership/roster-op.js'

type Json = string | number | boolean | null | Json[] | { [key: string]: Json }

function json (value: unknown): Json {
  if (value instanceof Uint8Array) return '0x' + toHex(value)
  if (Array.isArray(value)) return value.map(json)
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined).map(([k, v]) => [k, json(v)]))
  }
  return value as Json
}

function repoRoot (): string {
  let dir = dirname(fileURLToPath(import.meta.url))
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir)
    if (parent === dir) throw new Error('package.json not found')
    dir = parent
  }
  return dir
}

const outDir = join(repoRoot(), 'test', 'fixtures')
function write (name: string, content: Record<string, unknown>): void {
  mkdirSync(outDir, { recursive: true })
  const header = { generatedBy: 'scripts/make-fixtures.ts', format: 'bytes are "0x<hex>"; do not edit by hand' }
  writeFileSync(join(outDir, name), JSON.stringify(json({ ...header, ...content }), null, 2) + '\n')
  console.log(`wrote test/fixtures/${name}`)
}

// --- keys -------------------------------------------------------------------------------------

interface FixtureKey { name: string, edSeed: Uint8Array, edPublic: Uint8Array, xSecret: Uint8Array, xPublic: Uint8Array, signer: Signer }

async function fixtureKey (name: string): Promise<FixtureKey & { stored: Uint8Array, peerId: string, fingerprint: string }> {
  const edSeed = sha256(utf8(`lifeboat fixture ${name} ed25519 seed`))
  const xSecret = sha256(utf8(`lifeboat fixture ${name} x25519 secret`))
  const key = await generateKeyPairFromSeed('Ed25519', edSeed)
  const edPublic = key.publicKey.raw
  const xPublic = x25519PublicKey(xSecret)
  return {
    name, edSeed, edPublic, xSecret, xPublic,
    signer: createSigner(edSeed, edPublic),
    peerId: peerIdFromPrivateKey(key).toString(),
    fingerprint: fingerprint(edPublic, xPublic),
    // Stored identity v1 = CBOR { v: 1, ed: seed || public (64 B), x: X25519 secret }
    stored: encodeCbor({ v: 1, ed: concatBytes(edSeed, edPublic), x: xSecret })
  }
}

const alice = await fixtureKey('alice')
const bob = await fixtureKey('bob')
const carol = await fixtureKey('carol')
const keys = [alice, bob, carol]

write('identities.json', {
  description: 'Stored identity v1 and fingerprints. edSeed/xSecret are SHA-256("lifeboat fixture <name> ed25519 seed" / "... x25519 secret").',
  identities: keys.map(k => ({ name: k.name, edSeed: k.edSeed, edPublic: k.edPublic, xSecret: k.xSecret, xPublic: k.xPublic, peerId: k.peerId, fingerprint: k.fingerprint, stored: k.stored }))
})

// --- roster ops -------------------------------------------------------------------------------

const incidentId = sha256(utf8('lifeboat fixture incident')).subarray(0, 16)
const epochKeys = [sha256(utf8('lifeboat fixture epoch key 0')), sha256(utf8('lifeboat fixture epoch key 1'))] as const
const inviteSecret = sha256(utf8('lifeboat fixture invite secret'))
const context = (member: FixtureKey) => concatBytes(utf8('lifeboat/epoch-key/v1'), incidentId, member.edPublic)
const sealTo = (member: FixtureKey, key: Uint8Array) => seal(member.xPublic, key, context(member))
const epochIdOfHash = (hash: Uint8Array) => new DataView(hash.buffer, hash.byteOffset, 4).getUint32(0)

interface OpFixture { name: string, author: string, deterministic: boolean, op: RosterOp, body: Record<string, unknown> }
const ops: OpFixture[] = []
function addFixtureOp (name: string, author: FixtureKey, deterministic: boolean, k: RosterOpBody['k'], t: number, d: Record<string, unknown>): RosterOp {
  const parents = ops.length === 0 ? [] : [(ops[ops.length - 1] as OpFixture).op.hash]
  const unsigned = { i: incidentId, k, p: parents, t, d } as Omit<RosterOpBody, 'v' | 'a'>
  const op = createRosterOp(author.signer, unsigned)
  ops.push({ name, author: author.name, deterministic, op, body: { v: 1, i: incidentId, a: author.edPublic, k, p: parents, t, d } })
  return op
}

const t0 = 1_700_000_000_000
const genesis = addFixtureOp('genesis', alice, false, 'genesis', t0, { title: 'Fixture incident: file servers encrypted', n: 'Alice', x: alice.xPublic, k: sealTo(alice, epochKeys[0]) })
const epoch0 = epochIdOfHash(genesis.hash)
addFixtureOp('invite', alice, true, 'invite', t0 + 1_000, { h: sha256(inviteSecret), r: 'responder', x: t0 + 86_400_000, u: 2 })
addFixtureOp('add-with-invite', alice, false, 'add', t0 + 2_000, { m: bob.edPublic, x: bob.xPublic, n: 'Bob', r: 'responder', h: sha256(inviteSecret), k: [[epoch0, sealTo(bob, epochKeys[0])]] })
addFixtureOp('add-without-invite', alice, false, 'add', t0 + 3_000, { m: carol.edPublic, x: carol.xPublic, n: 'Carol (IR firm)', r: 'guest', k: [[epoch0, sealTo(carol, epochKeys[0])]] })
addFixtureOp('role', alice, true, 'role', t0 + 4_000, { m: bob.edPublic, r: 'admin' })
addFixtureOp('remove', alice, true, 'remove', t0 + 5_000, { m: carol.edPublic, s: 3 })
const rotate = addFixtureOp('rotate', alice, false, 'rotate', t0 + 6_000, { k: [[alice.edPublic, sealTo(alice, epochKeys[1])], [bob.edPublic, sealTo(bob, epochKeys[1])]] })
const epoch1 = epochIdOfHash(rotate.hash)

write('roster-ops.json', {
  description: 'Roster op v1, one of each kind, a linear chain (each op names the previous one). Sealed epoch keys use the context "lifeboat/epoch-key/v1" || incident id || member Ed25519 key.',
  incidentId,
  inviteSecret,
  epochs: [{ id: epoch0, key: epochKeys[0], createdBy: 'genesis' }, { id: epoch1, key: epochKeys[1], createdBy: 'rotate' }],
  ops: ops.map(o => ({ name: o.name, author: o.author, deterministic: o.deterministic, hash: o.op.hash, wire: o.op.wire, body: o.body })),
  foldedState: {
    title: 'Fixture incident: file servers encrypted',
    members: [{ name: 'alice', role: 'admin', epochs: [epoch0, epoch1] }, { name: 'bob', role: 'admin', epochs: [epoch0, epoch1] }],
    removed: [{ name: 'carol', lastSeq: 3, removedBy: 'alice' }],
    invites: [{ hash: sha256(inviteSecret), role: 'responder', expiresAt: t0 + 86_400_000, uses: 2, used: 1 }],
    currentEpoch: epoch1,
    heads: [rotate.hash]
  }
})

// --- payloads ---------------------------------------------------------------------------------

const ref = (who: FixtureKey, seq: number): [Uint8Array, number] => [who.edPublic, seq]
// A small Yjs update; with a fixed clientID its encoding is deterministic.
const ydoc = new Y.Doc()
ydoc.clientID = 424242
ydoc.getText('notes').insert(0, 'FS01 isolated at 14:05')
const yjsUpdate = Y.encodeStateAsUpdate(ydoc)
const payloadInputs: Array<{ name: string, input: PayloadInput }> = [
  { name: 'msg', input: { k: 'msg', text: 'Isolate VLAN 20 now.' } },
  { name: 'msg-with-mentions', input: { k: 'msg', text: '@Bob @Carol please confirm backups', m: [bob.edPublic, carol.edPublic] } },
  { name: 'msg-unicode', input: { k: 'msg', text: 'Überprüfung läuft — 🔥 zone B' } },
  { name: 'edit', input: { k: 'edit', r: ref(alice, 1), text: 'Isolate VLAN 20 and 21 now.' } },
  { name: 'delete', input: { k: 'delete', r: ref(alice, 2) } },
  { name: 'react-on', input: { k: 'react', r: ref(bob, 1), emoji: '👍', on: true } },
  { name: 'react-off', input: { k: 'react', r: ref(bob, 1), emoji: '👍', on: false } },
  { name: 'ydoc', input: { k: 'ydoc', u: yjsUpdate } }
]
const payloads = payloadInputs.map(p => ({ name: p.name, input: p.input, bytes: encodePayload(p.input) }))
write('payloads.json', {
  description: 'Entry payload v1, one per kind. `unknown` are payloads a v1 node keeps but does not show (decodePayload returns undefined).',
  payloads,
  unknown: [
    { name: 'future-kind', bytes: encodeCbor({ v: 1, k: 'file', name: 'evidence.pcap', size: 1234 }) },
    { name: 'future-version', bytes: encodeCbor({ v: 2, k: 'msg', text: 'from the future' }) }
  ]
})

// --- entries ----------------------------------------------------------------------------------

const entries: Array<Record<string, unknown>> = []
const lastHash = new Map<string, Uint8Array>()
function addEntry (name: string, author: FixtureKey, seq: number, lamport: number, epoch: 0 | 1, payload: string): void {
  const prev = lastHash.get(author.name) ?? new Uint8Array(0)
  const plaintext = (payloads.find(p => p.name === payload) as { bytes: Uint8Array }).bytes
  const epochId = epoch === 0 ? epoch0 : epoch1
  const ts = t0 + 10_000 + lamport
  const entry = createEntry(author.signer, { incidentId, seq, prev, lamport, ts, epochId, epochKey: epochKeys[epoch], plaintext })
  lastHash.set(author.name, entry.hash)
  entries.push({
    name, author: author.name, payload, epoch,
    hash: entry.hash, wire: entry.wire,
    body: { v: 1, i: incidentId, a: author.edPublic, s: seq, p: prev, l: lamport, t: ts, e: epochId, n: entry.body.n, c: entry.body.c }
  })
}
addEntry('alice-1-msg', alice, 1, 1, 0, 'msg')
addEntry('alice-2-edit', alice, 2, 3, 0, 'edit')
addEntry('bob-1-mentions', bob, 1, 2, 0, 'msg-with-mentions')
addEntry('alice-3-react-epoch-1', alice, 3, 4, 1, 'react-on')
addEntry('bob-2-ydoc-epoch-1', bob, 2, 5, 1, 'ydoc')

write('entries.json', {
  description: 'Entry v1. `n` and `c` are the random nonce and ciphertext of this run; `payload` names the plaintext in payloads.json and `epoch` the key in roster-ops.json.',
  entries
})

// --- invite links -----------------------------------------------------------------------------

const links: Array<{ name: string, fields: InviteLink }> = [
  {
    name: 'full',
    fields: {
      incidentId, title: 'Fixture incident: file servers encrypted', secret: inviteSecret, inviter: alice.edPublic,
      addrs: ['/ip4/192.168.1.20/tcp/4100', `/ip4/10.0.0.5/tcp/4100/p2p/${alice.peerId}`], expiresAt: t0 + 86_400_000
    }
  },
  { name: 'no-addresses', fields: { incidentId, title: 'x', secret: new Uint8Array(32).fill(7), inviter: bob.edPublic, addrs: [], expiresAt: 0 } },
  { name: 'unicode-title', fields: { incidentId, title: 'Vorfall – Rechenzentrum Süd 🚨', secret: new Uint8Array(32).fill(0xfe), inviter: carol.edPublic, addrs: ['/dns4/lifeboat.example/tcp/443'], expiresAt: Number.MAX_SAFE_INTEGER } }
]
write('invite-links.json', {
  description: 'Invite link v1: "lifeboat://join/" + base64url(CBOR { v, i, t, s, p, a, x }).',
  links: links.map(l => ({ name: l.name, link: encodeInviteLink(l.fields), fields: l.fields }))
})
