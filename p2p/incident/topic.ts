import { concatBytes, toHex, utf8 } from '../codec/bytes.js'
import { sha256 } from '../crypto/hash.js'

/** The gossipsub topic of an incident: named from a hash of its id, never from its title. */
export function topicFor (incidentId: Uint8Array): string {
  return `lifeboat/1/${toHex(sha256(concatBytes(utf8('lifeboat/topic/v1'), incidentId)))}`
}

/** The context a sealed epoch key is bound to: incident and recipient. */
export function epochKeyContext (incidentId: Uint8Array, memberKey: Uint8Array): Uint8Array {
  return concatBytes(utf8('lifeboat/epoch-key/v1'), incidentId, memberKey)
}
