// One media connection of a call: this device ↔ one other participant (a full mesh has one per
// pair). Host candidates only ({iceServers: []}: no STUN or TURN server, nothing leaves the LAN)
// and no trickle: the whole SDP, candidates included, goes out once gathering is complete, so a
// call costs one offer and one answer per pair. The remote audio plays through its own <audio>
// element (outside the page's tree, so switching incidents does not stop it), whose volume is the
// participant's volume.
import { mediaMatchesSignature } from './fingerprint.js'

/**
 * - `connecting`: offer/answer under way or ICE/DTLS not done yet;
 * - `connected`: up, its certificate being checked against the signed fingerprint;
 * - `verified`: up, and the certificate is the one the member signed for;
 * - `not-verified`: closed, it presented another certificate (or none we could read);
 * - `failed`: closed, no connection (ICE or DTLS failed, or it could not be reached): retried on its next hello.
 */
export type LinkState = 'connecting' | 'connected' | 'verified' | 'not-verified' | 'failed'

/** How long gathering may take before the SDP goes out with the candidates found so far. */
const GATHER_TIMEOUT_MS = 5000

async function gathered (pc: RTCPeerConnection): Promise<void> {
  if (pc.iceGatheringState === 'complete') return
  await new Promise<void>(resolve => {
    const done = (): void => { clearTimeout(timer); pc.removeEventListener('icegatheringstatechange', check); resolve() }
    const check = (): void => { if (pc.iceGatheringState === 'complete') done() }
    const timer = setTimeout(done, GATHER_TIMEOUT_MS)
    pc.addEventListener('icegatheringstatechange', check)
  })
}

interface InboundAudio { type: string, kind?: string, audioLevel?: number, bytesReceived?: number }

export class PeerLink {
  readonly pc = new RTCPeerConnection({ iceServers: [] })
  readonly audio: HTMLAudioElement
  readonly createdAt = Date.now()
  state: LinkState = 'connecting'
  /** The SHA-256 of its DTLS certificate, from the SDP it signed (the node checked the signature). */
  fingerprint: string | undefined
  /** 0…1, the last sample of its audio level. */
  level = 0
  private closed = false

  constructor (readonly peerId: string, readonly session: string, private readonly mic: MediaStream, volume: number, private readonly changed: () => void) {
    this.audio = document.createElement('audio')
    this.audio.autoplay = true
    this.audio.volume = volume
    this.pc.addEventListener('track', (e) => {
      this.audio.srcObject = e.streams[0] ?? new MediaStream([e.track])
      // Autoplay may be refused without a gesture; the Join click normally counts as one.
      this.audio.play().catch(() => undefined)
    })
    this.pc.addEventListener('connectionstatechange', () => { this.onState() })
  }

  get open (): boolean { return !this.closed }

  /** The offerer's half: our offer with every host candidate, to be sent to the peer. */
  async makeOffer (): Promise<string> {
    this.addMic()
    await this.pc.setLocalDescription(await this.pc.createOffer())
    await gathered(this.pc)
    return this.pc.localDescription?.sdp ?? ''
  }

  /** The answerer's half: `sdp` exactly as the member signed it, then our answer to send back. */
  async answerOffer (sdp: string, fingerprint: string | undefined): Promise<string> {
    this.fingerprint = fingerprint
    await this.pc.setRemoteDescription({ type: 'offer', sdp })
    this.addMic() // reuses the audio transceiver the offer created, now send and receive
    await this.pc.setLocalDescription(await this.pc.createAnswer())
    await gathered(this.pc)
    return this.pc.localDescription?.sdp ?? ''
  }

  /** The offerer gets the answer. */
  async acceptAnswer (sdp: string, fingerprint: string | undefined): Promise<void> {
    if (this.pc.signalingState !== 'have-local-offer') return
    this.fingerprint = fingerprint
    await this.pc.setRemoteDescription({ type: 'answer', sdp })
  }

  /** Reads its audio level (0…1) from the receiver's stats. */
  async sample (): Promise<void> {
    if (this.closed || (this.state !== 'verified' && this.state !== 'connected')) { this.level = 0; return }
    let level = 0
    const stats = await this.pc.getStats()
    stats.forEach((r: InboundAudio) => {
      if (r.type === 'inbound-rtp' && r.kind === 'audio' && typeof r.audioLevel === 'number') level = Math.max(level, r.audioLevel)
    })
    this.level = level
  }

  setVolume (volume: number): void { this.audio.volume = volume }

  /** Ends the connection and its audio; `state` says why (a plain close keeps the last one). */
  close (state?: LinkState): void {
    if (state !== undefined) this.state = state
    if (this.closed) return
    this.closed = true
    this.level = 0
    this.pc.close()
    this.audio.pause()
    this.audio.srcObject = null
  }

  private addMic (): void {
    for (const track of this.mic.getAudioTracks()) this.pc.addTrack(track, this.mic)
  }

  private onState (): void {
    if (this.closed) return
    const s = this.pc.connectionState
    if (s === 'connected' && this.state === 'connecting') {
      this.state = 'connected'
      void mediaMatchesSignature(this.pc, this.fingerprint).then(({ ok, why }) => {
        if (this.closed) return
        if (ok) this.state = 'verified'
        else {
          console.warn(`lifeboat: the call's media connection to ${this.peerId} is not verified (${why}); closed`)
          this.close('not-verified')
        }
        this.changed()
      })
    } else if (s === 'failed') {
      this.close('failed')
    }
    this.changed()
  }
}
