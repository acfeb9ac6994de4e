// Presence and cursors: who is looking at which note, and where their cursor is. Ephemeral: sent
// on the incident's gossip topic, never stored; signed by its author and encrypted for the
// incident like entries (crypto/ephemeral-envelope.ts), so outsiders learn nothing and members
// cannot speak for each other. The content is the state as JSON.
import { utf8 } from '../codec/bytes.js'
import { ephemeralEnvelope, type EphemeralBody } from '../crypto/ephemeral-envelope.js'
import type { Signer } from '../crypto/ed25519.js'
import { WireFormatError } from '../errors.js'

export const MAX_PRESENCE_STATE_BYTES = 2048
/** Presence older than this (or this far in the future) is dropped: it cannot be replayed later. */
export const PRESENCE_MAX_SKEW_MS = 60_000
const envelope = ephemeralEnvelope('lifeboat/presence/v1', MAX_PRESENCE_STATE_BYTES, 'presence')

export type PresenceBody = EphemeralBody

export function sealPresence (signer: Signer, incidentId: Uint8Array, epochId: number, key: Uint8Array, state: unknown, now = Date.now()): Uint8Array {
  const json = utf8(JSON.stringify(state))
  if (json.byteLength > MAX_PRESENCE_STATE_BYTES) throw new WireFormatError(`presence state is over ${MAX_PRESENCE_STATE_BYTES} bytes`)
  return envelope.seal(signer, incidentId, epochId, key, json, now)
}

/** Decodes and checks the signature; the caller checks membership and freshness, then opens. */
export const decodePresence = (wire: Uint8Array): PresenceBody => envelope.decode(wire)

export function openPresence (body: PresenceBody, key: Uint8Array): unknown {
  const json = new TextDecoder().decode(envelope.open(body, key))
  try {
    return JSON.parse(json)
  } catch {
    throw new WireFormatError('presence state is not JSON')
  }
}
