// Defence in depth for a call's media: the browser already refuses a DTLS peer whose certificate
// does not hash to the a=fingerprint of the remote description (which the member signed, and
// which we passed on byte for byte). This checks it again once the connection is up, against the
// fingerprint the node pulled from the signed SDP, so a browser bug or a swapped description
// cannot silently carry someone else's audio.

/** SDP writes "AB:CD:…", getStats lowercase with colons, the node lowercase hex: compare as the last. */
export function normaliseFingerprint (fp: string): string {
  return fp.replace(/[^0-9a-fA-F]/g, '').toLowerCase()
}

/** The sha-256 fingerprints an SDP declares (normally one, repeated per media section). */
export function sdpFingerprints (sdp: string): string[] {
  const found = new Set<string>()
  for (const m of sdp.matchAll(/^a=fingerprint:sha-256 ([0-9A-Fa-f:]+)\s*$/gm)) found.add(normaliseFingerprint(m[1] ?? ''))
  return [...found]
}

interface TransportStats { type: string, remoteCertificateId?: string }
interface CertificateStats { type: string, fingerprint?: string, fingerprintAlgorithm?: string }

const hex = (bytes: ArrayBuffer): string => [...new Uint8Array(bytes)].map(b => b.toString(16).padStart(2, '0')).join('')

/**
 * The SHA-256 of the certificate the remote end presented over DTLS, if known yet: hashed from
 * the DTLS transport's certificate itself, or else read from the stats (Chrome leaves
 * remoteCertificateId out of the DTLS client's transport stats, so those alone are not enough).
 */
export async function presentedFingerprint (pc: RTCPeerConnection): Promise<string | undefined> {
  const transport = pc.getReceivers()[0]?.transport ?? pc.getSenders()[0]?.transport
  const [der] = transport?.getRemoteCertificates?.() ?? []
  if (der !== undefined && der.byteLength > 0) return hex(await crypto.subtle.digest('SHA-256', der))
  const stats = await pc.getStats()
  let certId: string | undefined
  stats.forEach((report: TransportStats) => {
    if (report.type === 'transport' && typeof report.remoteCertificateId === 'string') certId = report.remoteCertificateId
  })
  if (certId === undefined) return undefined
  const cert = stats.get(certId) as CertificateStats | undefined
  if (cert?.fingerprint === undefined || (cert.fingerprintAlgorithm ?? 'sha-256').toLowerCase() !== 'sha-256') return undefined
  return normaliseFingerprint(cert.fingerprint)
}

/**
 * Whether the connected peer presented the certificate `signed` names (and that the remote
 * description in use declares the same one). The stats can lag the 'connected' state by a
 * moment, so they are read a few times before giving up.
 */
export async function mediaMatchesSignature (pc: RTCPeerConnection, signed: string | undefined): Promise<{ ok: boolean, why: string }> {
  if (signed === undefined || signed === '') return { ok: false, why: 'no signed fingerprint' }
  const want = normaliseFingerprint(signed)
  const declared = sdpFingerprints(pc.currentRemoteDescription?.sdp ?? '')
  if (declared.length !== 1 || declared[0] !== want) return { ok: false, why: `signed ${want}, the description in use declares ${declared.join(', ')}` }
  for (let attempt = 0; attempt < 10; attempt++) {
    if (pc.connectionState === 'closed') return { ok: false, why: 'closed' }
    const seen = await presentedFingerprint(pc)
    if (seen !== undefined) return { ok: seen === want, why: `signed ${want}, presented ${seen}` }
    await new Promise(resolve => setTimeout(resolve, 200))
  }
  return { ok: false, why: 'the stats never showed the certificate it presented' }
}
