// Every author edits an incident's workspace under a small, fixed set of Yjs clientIDs derived
// from its key and the incident: slot 0 for the node itself, slots 1..7 leased to front-end
// replicas (an editor in a window), so two replicas never write under the same id. Stable ids
// keep Yjs fast (each new id slows later transactions), and since anyone can derive an author's
// ids, every node can check that an update inserts only under ids of the member who signed it.
import { concatBytes, toHex, utf8 } from '../codec/bytes.js'
import { sha256 } from '../crypto/hash.js'

const CONTEXT = utf8('lifeboat/yjs-client-id/v1')
export const CLIENT_ID_SLOTS = 8

export function workspaceClientId (authorKey: Uint8Array, incidentId: Uint8Array, slot = 0): number {
  const h = sha256(CONTEXT, concatBytes(incidentId, authorKey, Uint8Array.of(slot)))
  // Yjs client ids are unsigned 32-bit integers.
  return new DataView(h.buffer, h.byteOffset, 4).getUint32(0)
}

const ownedCache = new Map<string, ReadonlySet<number>>()

/** All clientIDs an author owns in an incident (`authorHex`: the key's hex, when the caller has it). */
export function ownedClientIds (authorKey: Uint8Array, incidentId: Uint8Array, authorHex = toHex(authorKey)): ReadonlySet<number> {
  const key = toHex(incidentId) + authorHex
  let ids = ownedCache.get(key)
  if (ids === undefined) {
    ids = new Set(Array.from({ length: CLIENT_ID_SLOTS }, (_, slot) => workspaceClientId(authorKey, incidentId, slot)))
    if (ownedCache.size > 10_000) ownedCache.clear()
    ownedCache.set(key, ids)
  }
  return ids
}
