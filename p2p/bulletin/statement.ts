// A public bulletin's statements (format lifeboat-bulletin/1): what the incident's leads say to
// clients and the public, signed with the incident's bulletin key (Ed25519) so that anyone can
// check it with nothing but the key's fingerprint, published before the incident. Each statement
// names the one before it by hash, so none can be dropped, reordered or slipped in unnoticed.
// The signed bytes are plain UTF-8 lines, so the page that carries them (bulletin-page.ts) checks
// them with WebCrypto in a few lines, and a person can read what was signed. Pure.
//
//   lifeboat-bulletin/1
//   seq: 2
//   time: 2026-11-30T18:00:00.000Z
//   prev: <hex SHA-256 of statement 1's bytes ‖ its signature; 64 zeros for the first>
//   key: <hex Ed25519 public key>
//   <empty line>
//   <text>
import { fromHex, toHex, utf8 } from '../codec/bytes.js'
import { sha256 } from '../crypto/hash.js'
import { verifySignature, type Signer } from '../crypto/ed25519.js'

export const BULLETIN_FORMAT = 'lifeboat-bulletin/1'
export const FIRST_PREV = '0'.repeat(64)
const FINGERPRINT_CONTEXT = 'lifeboat/bulletin-key/v1'
const TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/
const HEX_32 = /^[0-9a-f]{64}$/
const HEX_64 = /^[0-9a-f]{128}$/

/** One signed statement, as bulletin.json holds it (hex strings). */
export interface BulletinItem {
  seq: number
  time: string
  prev: string
  key: string
  text: string
  sig: string
}

export type Unsigned = Omit<BulletinItem, 'sig'>

export function statementBytes (item: Unsigned): Uint8Array {
  return utf8(`${BULLETIN_FORMAT}\nseq: ${item.seq}\ntime: ${item.time}\nprev: ${item.prev}\nkey: ${item.key}\n\n${item.text}`)
}

/** What the next statement's `prev` names: SHA-256 of the statement's bytes and its signature. */
export function itemHash (item: BulletinItem): string {
  return toHex(sha256(statementBytes(item), fromHex(item.sig)))
}

export function signItem (signer: Signer, item: Unsigned): BulletinItem {
  return { ...item, sig: toHex(signer.sign(statementBytes(item))) }
}

/** 40 hex digits of SHA-256(context ‖ key) in groups of four: short enough to print and read out. */
export function keyFingerprint (publicKeyHex: string): string {
  const digest = toHex(sha256(utf8(FINGERPRINT_CONTEXT), fromHex(publicKeyHex))).slice(0, 40).toUpperCase()
  return (digest.match(/.{4}/g) ?? []).join('-')
}

/** A fingerprint as typed (any case, with or without separators), for comparing. */
export const normalFingerprint = (text: string): string => text.replace(/[^0-9a-fA-F]/g, '').toUpperCase()

export interface ChainReport { ok: boolean, count: number, latestSeq: number, fingerprint: string | null, error?: string }

/**
 * Checks a chain of statements: each well formed, numbered 1, 2, …, naming the one before by
 * hash, and signed by the key it names. `fingerprint`, if given, must be the latest statement's
 * key (statements before a key change were signed by the key of their time). The error names
 * the first bad statement.
 */
export function checkChain (items: readonly BulletinItem[], fingerprint?: string): ChainReport {
  let prev = FIRST_PREV
  const fail = (error: string): ChainReport => ({ ok: false, count: items.length, latestSeq: items.at(-1)?.seq ?? 0, fingerprint: latestFingerprint(items), error })
  for (const [i, item] of items.entries()) {
    const problem = problemWith(item, i + 1, prev)
    if (problem !== undefined) return fail(`bulletin ${i + 1}: ${problem}`)
    prev = itemHash(item)
  }
  const latest = latestFingerprint(items)
  if (fingerprint !== undefined && (latest === null || normalFingerprint(latest) !== normalFingerprint(fingerprint))) {
    return fail(`the latest bulletin is signed by key ${latest ?? '(none)'}, not ${fingerprint}`)
  }
  return { ok: true, count: items.length, latestSeq: items.at(-1)?.seq ?? 0, fingerprint: latest }
}

/** Why `item` cannot be statement number `seq` after the one whose hash is `prev`, if it cannot. */
export function problemWith (item: BulletinItem, seq: number, prev: string): string | undefined {
  if (item.seq !== seq) return `numbered ${item.seq}, expected ${seq}`
  if (!TIME.test(item.time)) return 'the time is not an ISO UTC time'
  if (!HEX_32.test(item.key) || !HEX_64.test(item.sig) || !HEX_32.test(item.prev)) return 'a key, link or signature is not hex of the right length'
  if (item.prev !== prev) return 'it does not name the bulletin before it (a bulletin was changed, removed or reordered)'
  if (!verifySignature(fromHex(item.key), statementBytes(item), fromHex(item.sig))) return 'the signature does not match its text and key'
  return undefined
}

function latestFingerprint (items: readonly BulletinItem[]): string | null {
  const key = items.at(-1)?.key
  return key === undefined || !HEX_32.test(key) ? null : keyFingerprint(key)
}
