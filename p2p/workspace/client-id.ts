// Every author edits an incident's workspace under one stable Yjs clientID, derived from its key
// and the incident. Stable ids keep Yjs fast (each new id slows later transactions), and since
// anyone can compute an author's id, every node can check that an update inserts only under the
// id of the member who signed it.
import { concatBytes, utf8 } from '../codec/bytes.js'
import { sha256 } from '../crypto/hash.js'

const CONTEXT = utf8('lifeboat/yjs-client-id/v1')

export function workspaceClientId (authorKey: Uint8Array, incidentId: Uint8Array): number {
  const h = sha256(CONTEXT, concatBytes(incidentId, authorKey))
  // Yjs client ids are unsigned 32-bit integers.
  return new DataView(h.buffer, h.byteOffset, 4).getUint32(0)
}
