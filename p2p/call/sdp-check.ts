// What a node lets through as a call's session description (issue 18): audio only, one DTLS
// certificate fingerprint (SHA-256) that binds the media connection to the member who signed the
// SDP, and host candidates only (no STUN or TURN: nothing leaves the LAN). A front end cannot
// send anything else through its node, and a node drops anything else it is sent. Pure.
import { InvalidArgumentError } from '../errors.js'
import { MAX_SDP_CHARS } from '../api/call-methods.js'

const FINGERPRINT = /^a=fingerprint:sha-256 ((?:[0-9A-Fa-f]{2}:){31}[0-9A-Fa-f]{2})$/
const PRINTABLE = /^[\x20-\x7e\r\n]*$/

export class SdpRefusedError extends InvalidArgumentError {
  constructor (why: string) { super(`session description refused: ${why}`); this.name = 'SdpRefusedError' }
}

/** Checks `sdp`; returns its certificate fingerprint as lowercase hex without colons. */
export function checkSdp (sdp: string): { fingerprint: string } {
  if (sdp.length > MAX_SDP_CHARS) throw new SdpRefusedError(`over ${MAX_SDP_CHARS} characters`)
  if (!PRINTABLE.test(sdp)) throw new SdpRefusedError('not printable ASCII')
  const lines = sdp.split(/\r?\n/).filter(line => line !== '')
  if (lines[0] !== 'v=0') throw new SdpRefusedError('not a session description (v=0 first)')
  const media = lines.filter(line => line.startsWith('m='))
  if (media.length !== 1 || !(media[0] as string).startsWith('m=audio ')) throw new SdpRefusedError('a call carries one audio stream and nothing else')
  const fingerprints = new Set<string>()
  for (const line of lines) {
    if (line.startsWith('a=fingerprint:')) {
      const match = FINGERPRINT.exec(line)
      if (match === null) throw new SdpRefusedError('a certificate fingerprint other than SHA-256')
      fingerprints.add((match[1] as string).replaceAll(':', '').toLowerCase())
    }
    if (line.startsWith('a=candidate:') && !/ typ host( |$)/.test(line)) throw new SdpRefusedError('a candidate other than a host address (no STUN or TURN)')
  }
  if (fingerprints.size !== 1) throw new SdpRefusedError(fingerprints.size === 0 ? 'no certificate fingerprint' : 'more than one certificate fingerprint')
  return { fingerprint: [...fingerprints][0] as string }
}
