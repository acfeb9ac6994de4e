// This window's part in an incident's voice call (issue 18), without React: the microphone, one
// PeerLink per other participant, the signalling through the node, the heartbeat and the levels.
//
// The node signs and routes the signalling (call-methods.ts): after callJoin it says hello to
// every member, and members already in the call answer with a hello to the new session. For each
// pair, the one whose peer id sorts first offers; the other waits for its offer (no glare). A
// hello under a new session means the peer rejoined: its old connection is dropped and rebuilt.
import type { CallJoined, CallSignal } from '../../p2p/api/types.js'
import { call as apiCall, on as apiOn } from '../api.js'
import { LocalMeter } from './local-meter.js'
import { PeerLink } from './peer-link.js'
import { IDLE, peerViews, roundLevel, type CallView } from './call-view.js'

/** The node leaves for a session it has not heard from in 15 s. */
const ALIVE_EVERY_MS = 5000
const LEVELS_EVERY_MS = 250
/** An offer that has not connected by then is rebuilt on the peer's next hello. */
const STUCK_MS = 20_000
/** Errors after which the node no longer knows this session: the call is over for this window. */
const ENDING_CODES = new Set(['session-expired', 'not-authorized', 'not-found'])

/** The two API functions the session needs (tests or another host can pass their own). */
export interface CallApi { call: typeof apiCall, on: typeof apiOn }

/** What callJoin answered, with the incident it was for. */
type Joined = CallJoined & { incidentId: string }

export class CallSession {
  private view: CallView = IDLE
  private readonly listeners = new Set<() => void>()
  private joined: Joined | undefined
  private mic: MediaStream | undefined
  private meter: LocalMeter | undefined
  private readonly links = new Map<string, PeerLink>()
  /** Participants whose offer we wait for (their peer id sorts first), by peer id → session. */
  private readonly waiting = new Map<string, string>()
  private readonly names = new Map<string, string>()
  private readonly volumes = new Map<string, number>()
  private stops: Array<() => void> = []
  /** Bumped by every join and leave, so the end of an older join does nothing. */
  private generation = 0
  private muted = false
  private talking = false

  constructor (private readonly api: CallApi = { call: apiCall, on: apiOn }) {}

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener)
    return () => { this.listeners.delete(listener) }
  }

  readonly getView = (): CallView => this.view

  /** Joins `incidentId`'s call (leaving any other first). Call it from the click: the meter needs the gesture. */
  async join (incidentId: string): Promise<void> {
    const meter = new LocalMeter() // before any await: the gesture lets its audio context run
    if (this.joined !== undefined) await this.leave()
    const mine = ++this.generation
    this.set({ ...IDLE, phase: 'joining', incidentId })
    let mic: MediaStream
    try {
      mic = await navigator.mediaDevices.getUserMedia({ audio: { echoCancellation: true, noiseSuppression: true, autoGainControl: true }, video: false })
    } catch (err) {
      meter.close()
      if (mine === this.generation) this.set({ ...IDLE, problem: { incidentId, message: `Lifeboat cannot use a microphone: ${(err as Error).message || String(err)}` } })
      return
    }
    // Signals may arrive before callJoin's answer: keep them until the session id is known.
    const early: CallSignal[] = []
    let handle = (ev: CallSignal): void => { early.push(ev) }
    const off = this.api.on('call-signal', ev => { handle(ev) })
    let joined: CallJoined
    try {
      joined = await this.api.call('callJoin', { incidentId })
    } catch (err) {
      off()
      meter.close()
      for (const t of mic.getTracks()) t.stop()
      if (mine === this.generation) this.set({ ...IDLE, problem: { incidentId, message: `You cannot join this call: ${(err as Error).message}` } })
      return
    }
    if (mine !== this.generation) { // left (or joined elsewhere) meanwhile
      off()
      meter.close()
      for (const t of mic.getTracks()) t.stop()
      this.api.call('callLeave', { incidentId, sessionId: joined.sessionId }).catch(() => undefined)
      return
    }
    this.joined = { ...joined, incidentId }
    this.mic = mic
    this.meter = meter
    meter.attach(mic)
    this.muted = false
    this.talking = false
    handle = ev => { this.onSignal(ev) }
    const alive = setInterval(() => { this.alive() }, ALIVE_EVERY_MS)
    const levels = setInterval(() => { void this.sampleLevels() }, LEVELS_EVERY_MS)
    this.stops = [off, () => clearInterval(alive), () => clearInterval(levels)]
    this.set({ ...IDLE, phase: 'in-call', incidentId })
    for (const ev of early) this.onSignal(ev)
  }

  /** Leaves the call: tells the node (which says bye and records it), closes every connection, frees the microphone. */
  async leave (): Promise<void> {
    const joined = this.teardown()
    if (joined !== undefined) await this.api.call('callLeave', { incidentId: joined.incidentId, sessionId: joined.sessionId }).catch(() => undefined)
  }

  /** For 'pagehide': the leave goes out now, unawaited (the page may be gone before an answer). */
  leaveNow (): void { void this.leave() }

  setMuted (muted: boolean): void {
    this.muted = muted
    if (!muted) this.talking = false
    this.applyMic()
  }

  /** Push-to-talk: while muted, speak for as long as it is held. */
  talk (held: boolean): void {
    if (held === this.talking || (held && !this.muted)) return
    this.talking = held
    this.applyMic()
  }

  setVolume (peerId: string, volume: number): void {
    this.volumes.set(peerId, volume)
    this.links.get(peerId)?.setVolume(volume)
    this.publish()
  }

  private onSignal (ev: CallSignal): void {
    const j = this.joined
    if (j === undefined || ev.sessionId !== j.sessionId || ev.incidentId !== j.incidentId) return
    this.names.set(ev.from, ev.fromName)
    if (ev.from === j.me) {
      // Our own node ended this session (another window of this device joined the call).
      if (ev.kind === 'bye') this.end('The call continues in another Lifeboat window of this device.')
      return
    }
    if (ev.kind === 'hello') this.onHello(j, ev.from, ev.session)
    else if (ev.kind === 'offer' && ev.sdp !== undefined) void this.negotiate(j, ev.from, ev.session, { sdp: ev.sdp, fingerprint: ev.fingerprint })
    else if (ev.kind === 'answer' && ev.sdp !== undefined) {
      const link = this.links.get(ev.from)
      if (link?.open === true && link.session === ev.session) link.acceptAnswer(ev.sdp, ev.fingerprint).catch(() => { link.close('failed'); this.publish() })
    } else if (ev.kind === 'bye') {
      this.links.get(ev.from)?.close()
      this.links.delete(ev.from)
      this.waiting.delete(ev.from)
    }
    this.publish()
  }

  private onHello (j: Joined, from: string, session: string): void {
    const link = this.links.get(from)
    if (link !== undefined && link.session === session) {
      // The same session again (its heartbeat): only the offerer retries, and only a dead or stuck link.
      const stuck = link.state === 'connecting' && Date.now() - link.createdAt > STUCK_MS
      if (j.me > from || !(link.state === 'failed' || stuck)) return
    }
    if (this.waiting.get(from) === session && link === undefined) return
    link?.close()
    this.links.delete(from)
    if (j.me < from) {
      this.waiting.delete(from)
      void this.negotiate(j, from, session)
    } else {
      this.waiting.set(from, session)
    }
  }

  private newLink (from: string, session: string): PeerLink {
    if (this.mic === undefined) throw new Error('no microphone')
    const link = new PeerLink(from, session, this.mic, this.volumes.get(from) ?? 1, () => { this.publish() })
    this.links.get(from)?.close()
    this.links.set(from, link)
    this.waiting.delete(from)
    return link
  }

  /** One side of a pair's negotiation: our offer (no `offer` given) or our answer to theirs; either goes to `to` through the node. */
  private async negotiate (j: Joined, to: string, toSession: string, offer?: { sdp: string, fingerprint: string | undefined }): Promise<void> {
    const link = this.newLink(to, toSession)
    try {
      const sdp = offer === undefined ? await link.makeOffer() : await link.answerOffer(offer.sdp, offer.fingerprint)
      if (this.links.get(to) !== link || !link.open) return
      const kind = offer === undefined ? 'offer' : 'answer'
      const { sent } = await this.api.call('callSignal', { incidentId: j.incidentId, sessionId: j.sessionId, kind, to, toSession, sdp })
      if (!sent) link.close('failed')
    } catch {
      link.close('failed')
    }
    this.publish()
  }

  private alive (): void {
    const j = this.joined
    if (j === undefined) return
    this.api.call('callAlive', { incidentId: j.incidentId, sessionId: j.sessionId }).catch((err: Error & { code?: string }) => {
      // A lost link to the node is retried by the next beat; a session the node dropped is over.
      if (this.joined === j && ENDING_CODES.has(err.code ?? '')) this.end(`The call ended for this window: ${err.message}`)
    })
  }

  private async sampleLevels (): Promise<void> {
    await Promise.all([...this.links.values()].map(async link => await link.sample().catch(() => undefined)))
    this.publish(this.meter?.level() ?? 0)
  }

  private applyMic (): void {
    for (const track of this.mic?.getAudioTracks() ?? []) track.enabled = !this.muted || this.talking
    this.publish()
  }

  /** Ends the call locally and says why in the incident's bar. */
  private end (message: string): void {
    const j = this.teardown()
    if (j !== undefined) this.set({ ...IDLE, problem: { incidentId: j.incidentId, message } })
  }

  private teardown (): Joined | undefined {
    this.generation++
    const joined = this.joined
    for (const stop of this.stops) stop()
    this.stops = []
    for (const link of this.links.values()) link.close()
    this.links.clear()
    this.waiting.clear()
    for (const t of this.mic?.getTracks() ?? []) t.stop()
    this.meter?.close()
    this.mic = undefined
    this.meter = undefined
    this.joined = undefined
    this.set(IDLE)
    return joined
  }

  /** Rebuilds the view from the links (levels rounded, so an unchanged call does not re-render). */
  private publish (localLevel = this.view.localLevel): void {
    if (this.joined === undefined) return
    const peers = peerViews(this.links.values(), this.waiting.keys(), this.names, this.volumes)
    const next: CallView = { ...this.view, muted: this.muted, talking: this.talking, localLevel: roundLevel(localLevel), peers }
    if (JSON.stringify(next) !== JSON.stringify(this.view)) this.set(next)
  }

  private set (view: CallView): void {
    this.view = view
    for (const l of this.listeners) l()
  }
}
