// The invite key: an Ed25519 key pair derived from an invite's secret. The roster's invite op
// holds its public half, so ANY admin can check a joiner's proof, while only holders of the link
// can make one. (An HMAC over the secret, the first sketch, would need every admin to know the
// secret, and anyone who could read the roster could then forge joins.)
//
// Join proof v1 = Ed25519 signature with the invite key over
//   "lifeboat/join-proof/v1" || incident id || joiner's Ed25519 key || admin's fresh nonce
import { hkdfSync } from 'node:crypto'
import { concatBytes, utf8 } from '../codec/bytes.js'
import { signerFromSeed, verifySignature, type Signer } from '../crypto/ed25519.js'

const KEY_INFO = utf8('lifeboat/invite-key/v1')
const PROOF_CONTEXT = utf8('lifeboat/join-proof/v1')

export function inviteKey (secret: Uint8Array): Signer {
  return signerFromSeed(new Uint8Array(hkdfSync('sha256', secret, new Uint8Array(0), KEY_INFO, 32)))
}

function proofMessage (incidentId: Uint8Array, joinerKey: Uint8Array, nonce: Uint8Array): Uint8Array {
  return concatBytes(PROOF_CONTEXT, incidentId, joinerKey, nonce)
}

export function joinProof (secret: Uint8Array, incidentId: Uint8Array, joinerKey: Uint8Array, nonce: Uint8Array): Uint8Array {
  return inviteKey(secret).sign(proofMessage(incidentId, joinerKey, nonce))
}

export function verifyJoinProof (invitePublicKey: Uint8Array, incidentId: Uint8Array, joinerKey: Uint8Array, nonce: Uint8Array, proof: Uint8Array): boolean {
  return verifySignature(invitePublicKey, proofMessage(incidentId, joinerKey, nonce), proof)
}
