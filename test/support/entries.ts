// Builders for real signed entries and the author-log view that validateEntry reads.
import { encodeCbor } from '../../p2p/codec/cbor.js'
import type { DeviceIdentity } from '../../p2p/identity/identity.js'
import { createEntry, decodeEntry, type Entry, type EntryBody } from '../../p2p/log/entry.js'
import { encodePayload } from '../../p2p/log/payload.js'
import type { AuthorLogView } from '../../p2p/log/validate.js'
import { EPOCH_KEY, INCIDENT } from './roster.js'

export interface EntryOptions {
  incidentId?: Uint8Array
  epochId: number
  epochKey?: Uint8Array
  prev?: Uint8Array
  text?: string
  ts?: number
  /** Lamport value (default: the seq). */
  lamport?: number
  /** Payload bytes as given (default: a `msg` with `text`). */
  plaintext?: Uint8Array
}

export function makeEntry (author: DeviceIdentity, seq: number, options: EntryOptions): Entry {
  return createEntry(author.signer, {
    incidentId: options.incidentId ?? INCIDENT,
    seq,
    prev: options.prev ?? new Uint8Array(0),
    lamport: options.lamport ?? seq,
    ts: options.ts ?? 1_700_000_000_000 + seq,
    epochId: options.epochId,
    epochKey: options.epochKey ?? EPOCH_KEY,
    plaintext: options.plaintext ?? encodePayload({ k: 'msg', text: options.text ?? `message ${seq}` })
  })
}

/** Entries 1..count of one author, each linked to the previous one. */
export function makeLog (author: DeviceIdentity, count: number, options: EntryOptions): Entry[] {
  const out: Entry[] = []
  for (let seq = 1; seq <= count; seq++) {
    out.push(makeEntry(author, seq, { ...options, prev: out[seq - 2]?.hash ?? new Uint8Array(0) }))
  }
  return out
}

/** What a node has stored of one author's log. */
export function logView (stored: readonly Entry[]): AuthorLogView {
  const bySeq = new Map(stored.map(e => [e.body.s, e.hashHex]))
  let headSeq = 0
  while (bySeq.has(headSeq + 1)) headSeq++
  const lamports = new Map(stored.map(e => [e.body.s, e.body.l]))
  return { headSeq, headHashHex: bySeq.get(headSeq), headLamport: lamports.get(headSeq) ?? 0, hashAt: (seq) => bySeq.get(seq) }
}

/** Signs an arbitrary body as `signer` and decodes it: a well-formed, validly signed entry. */
export function signBody (signer: DeviceIdentity, body: EntryBody): Entry {
  const bodyBytes = encodeCbor(body)
  return decodeEntry(encodeCbor({ b: bodyBytes, g: signer.signer.sign(bodyBytes) }))
}

/** Index of `needle` inside `haystack`, or -1. */
export function indexOfBytes (haystack: Uint8Array, needle: Uint8Array): number {
  outer: for (let i = 0; i + needle.byteLength <= haystack.byteLength; i++) {
    for (let j = 0; j < needle.byteLength; j++) if (haystack[i + j] !== needle[j]) continue outer
    return i
  }
  return -1
}
