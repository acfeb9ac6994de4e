// The invitee's side of a join (protocol in join-messages.ts). Each round dials the inviter at
// every address of the link at once (dial-any.ts, a few seconds each), then asks every other
// connected peer (another admin may hold the invite). When nobody could be reached the joiner
// hears so at once, in plain words (join-wording.ts), unless it asked to keep trying: then rounds
// repeat with a growing pause (join-backoff.ts) until admitted, refused, cancelled or out of time.
import { peerIdFromString } from '@libp2p/peer-id'
import type { Connection } from '@libp2p/interface'
import { multiaddr } from '@multiformats/multiaddr'
import { CancelledError, errorMessage, InviterUnreachableError, JoinRefusedError, LifeboatError } from '../../errors.js'
import { peerIdOf } from '../../identity/peer-key.js'
import { Incident, type IncidentListener } from '../../incident/incident.js'
import { JOIN_REFUSALS } from '../../membership/invite-check.js'
import { inviteKey, joinProof } from '../../membership/invite-key.js'
import type { InviteLink } from '../../membership/invite-link.js'
import type { Role } from '../../membership/roles.js'
import { decodeRosterOp } from '../../membership/roster-op.js'
import { dialAny, DialAnyError } from '../../net/dial-any.js'
import { framed } from '../../net/framed-stream.js'
import { JOIN_PROTOCOL } from '../../net/protocols.js'
import type { ServiceContext } from '../../net/service.js'
import type { Store } from '../../storage/store.js'
import { toHex } from '../../codec/bytes.js'
import { retryDelayMs } from './join-backoff.js'
import { decodeJoinMessage, encodeJoinMessage, MAX_JOIN_FRAME_BYTES } from './join-messages.js'
import { inviterUnreachableText, refusalText } from './join-wording.js'

const STEP_TIMEOUT_MS = 10_000
/** Per address of the inviter: a device that is up answers a TCP dial on a LAN well within this. */
export const DIAL_TIMEOUT_MS = 4_000
/** Refusals by a peer other than the inviter that say nothing about the invite: ask the next. */
const NOT_ABOUT_THE_INVITE = new Set(['unknown-invite', 'not-admin', 'rate-limited'])

export interface JoinerDeps {
  store: Store
  listener: IncidentListener
  myName: () => string
  onlyAs?: Role
  /** This device is offline (setOffline): nothing can be dialled. */
  isOffline: () => boolean
}

export interface JoinOptions {
  /** Give up after this long. */
  timeoutMs: number
  /** Keep trying while nobody can be reached (else say so after the first round). */
  wait: boolean
  /** Aborted when the user cancels. */
  signal?: AbortSignal
  /** Told after each round that admitted nobody, with why. */
  onRetry?: (reason: string) => void
}

interface RoundOutcome { incident?: Incident, unreachable: boolean, othersAsked: number, error: string }

export class Joiner {
  constructor (private readonly ctx: ServiceContext, private readonly deps: JoinerDeps) {}

  async join (link: InviteLink, options: JoinOptions): Promise<Incident> {
    const existing = this.ctx.incidents.get(toHex(link.incidentId))
    if (existing?.isMember(this.ctx.me.peerId) === true) return existing
    if (Date.now() >= link.expiresAt) throw new JoinRefusedError('expired', JOIN_REFUSALS.expired)
    if (this.deps.isOffline()) throw new LifeboatError('offline', 'this device is offline: go online, then join')
    const inviter = peerIdFromString(peerIdOf(link.inviter))
    const addrs = link.addrs.flatMap(a => { try { return [multiaddr(a)] } catch { return [] } })
    if (addrs.length > 0) await this.ctx.libp2p.peerStore.merge(inviter, { multiaddrs: addrs })
    const started = Date.now()
    const deadline = started + options.timeoutMs
    for (let round = 0; ; round++) {
      const outcome = await this.round(link, deadline, options.signal)
      if (outcome.incident !== undefined) return outcome.incident
      if (outcome.unreachable && (!options.wait || Date.now() >= deadline)) {
        const waitedMs = options.wait ? Date.now() - started : undefined
        throw new InviterUnreachableError(inviterUnreachableText(link.addrs, { ...(waitedMs === undefined ? {} : { waitedMs }), othersAsked: outcome.othersAsked }))
      }
      if (Date.now() >= deadline) throw new LifeboatError('timeout', `could not join "${link.title}" within ${Math.round(options.timeoutMs / 1000)} s: ${outcome.error}`)
      options.onRetry?.(outcome.error)
      await pause(Math.min(options.wait ? retryDelayMs(round) : 1000, deadline - Date.now()), options.signal)
    }
  }

  /** Asks the inviter, then every other connected peer, once. Throws on a definite refusal. */
  private async round (link: InviteLink, deadline: number, signal: AbortSignal | undefined): Promise<RoundOutcome> {
    const stepMs = (): number => Math.max(1000, Math.min(STEP_TIMEOUT_MS, deadline - Date.now()))
    const inviter = peerIdFromString(peerIdOf(link.inviter))
    let unreachable: boolean
    let error: string
    try {
      const connection = await dialAny(this.ctx.libp2p, inviter, link.addrs, Math.min(DIAL_TIMEOUT_MS, stepMs()), signal)
      return { incident: await this.attempt(connection, link, stepMs()), unreachable: false, othersAsked: 0, error: '' }
    } catch (err) {
      if (signal?.aborted === true) throw new CancelledError(`joining "${link.title}" was cancelled`)
      // A refusal by the inviter is final; so is a role this node does not take (onlyAs, 'wrong-role').
      if (err instanceof JoinRefusedError) throw err
      unreachable = err instanceof DialAnyError
      error = errorMessage(err)
    }
    const others = this.ctx.libp2p.getConnections().filter(c => c.status === 'open' && !c.remotePeer.equals(inviter))
    const asked = new Set<string>()
    for (const connection of others) {
      if (asked.has(connection.remotePeer.toString())) continue
      asked.add(connection.remotePeer.toString())
      try {
        return { incident: await this.attempt(connection, link, stepMs()), unreachable: false, othersAsked: asked.size, error }
      } catch (err) {
        if (err instanceof JoinRefusedError && !NOT_ABOUT_THE_INVITE.has(err.code)) throw err
        if (!(err instanceof JoinRefusedError)) unreachable = false // an admin that could not finish: worth another round
      }
    }
    return { unreachable, othersAsked: asked.size, error }
  }

  private async attempt (connection: Connection, link: InviteLink, timeoutMs: number): Promise<Incident> {
    const stream = await connection.newStream(JOIN_PROTOCOL, { signal: AbortSignal.timeout(timeoutMs) })
    const s = framed(stream, MAX_JOIN_FRAME_BYTES, timeoutMs)
    try {
      await s.write(encodeJoinMessage({ t: 'join', i: link.incidentId, h: inviteKey(link.secret).publicKey }))
      const challenge = await s.read(decodeJoinMessage)
      if (challenge.t === 'no') throw new JoinRefusedError(challenge.c, refusalText(challenge.c, challenge.m))
      if (challenge.t !== 'challenge') throw new LifeboatError('protocol', `admin sent ${challenge.t} instead of a challenge`)
      await s.write(encodeJoinMessage({
        t: 'proof', p: joinProof(link.secret, link.incidentId, this.ctx.me.signer.publicKey, challenge.n), n: this.deps.myName(), x: this.ctx.me.x25519.publicKey
      }))
      const answer = await s.read(decodeJoinMessage)
      if (answer.t === 'no') throw new JoinRefusedError(answer.c, refusalText(answer.c, answer.m))
      if (answer.t !== 'welcome') throw new LifeboatError('protocol', `admin sent ${answer.t} instead of a welcome`)
      return await Incident.joined(this.deps.store, this.ctx.me, this.deps.listener, link.incidentId, answer.o.map(wire => decodeRosterOp(wire)), this.deps.onlyAs)
    } finally {
      await s.close()
    }
  }
}

/** Waits `ms`, or throws CancelledError as soon as `signal` aborts. */
async function pause (ms: number, signal: AbortSignal | undefined): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const cancelled = (): void => { clearTimeout(timer); reject(new CancelledError('the join was cancelled')) }
    const timer = setTimeout(() => { signal?.removeEventListener('abort', cancelled); resolve() }, Math.max(0, ms))
    if (signal?.aborted === true) cancelled()
    else signal?.addEventListener('abort', cancelled, { once: true })
  })
}
