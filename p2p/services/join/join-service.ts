// Serves joins as an admin, and joins as an invitee (see join-messages.ts for the protocol).
import { randomBytes } from 'node:crypto'
import { multiaddr } from '@multiformats/multiaddr'
import { peerIdFromString } from '@libp2p/peer-id'
import type { Stream } from '@libp2p/interface'
import { toHex } from '../../codec/bytes.js'
import { errorMessage, JoinRefusedError, LifeboatError, NotAuthorizedError } from '../../errors.js'
import { peerIdOf, publicKeyOf } from '../../identity/peer-key.js'
import { Incident, type IncidentListener } from '../../incident/incident.js'
import { inviteRefusal, JOIN_REFUSALS, type JoinRefusal } from '../../membership/invite-check.js'
import { inviteKey, joinProof, verifyJoinProof } from '../../membership/invite-key.js'
import type { InviteLink } from '../../membership/invite-link.js'
import type { Role } from '../../membership/roles.js'
import { decodeRosterOp } from '../../membership/roster-op.js'
import { isAdmin } from '../../membership/roster-state.js'
import { framed } from '../../net/framed-stream.js'
import { JOIN_PROTOCOL } from '../../net/protocols.js'
import { remoteHost } from '../../net/remote-host.js'
import type { NetworkService, ServiceContext } from '../../net/service.js'
import { reasonOf } from '../../net/stats.js'
import type { Store } from '../../storage/store.js'
import { JoinAttemptLimits, type JoinLimits } from './join-limits.js'
import { decodeJoinMessage, encodeJoinMessage, MAX_JOIN_FRAME_BYTES } from './join-messages.js'

const STEP_TIMEOUT_MS = 10_000
/** How long a guest stays when the invite does not say. */
const DEFAULT_GUEST_ACCESS_MS = 3 * 24 * 3600 * 1000

class Refusal extends Error {
  constructor (readonly code: JoinRefusal) { super(JOIN_REFUSALS[code]) }
}

export interface JoinDeps {
  store: Store
  /** Given to every incident this device joins. */
  listener: IncidentListener
  /** The display name this device joins with. */
  myName: () => string
  /** A new member was admitted here: tell the others the roster changed. */
  admitted: (incident: Incident) => void
  /** Join attempts served per peer, per address and overall (default DEFAULT_JOIN_LIMITS). */
  limits?: JoinLimits
  /** Keep a joined incident only if the roster gives this device that role (a relay node: 'relay'). */
  onlyAs?: Role
}

export class JoinService implements NetworkService {
  readonly name = 'join'
  private readonly limits: JoinAttemptLimits

  constructor (private readonly ctx: ServiceContext, private readonly deps: JoinDeps) {
    this.limits = new JoinAttemptLimits(deps.limits)
  }

  async start (): Promise<void> {
    await this.ctx.libp2p.handle(JOIN_PROTOCOL, (stream, connection) => {
      void this.serve(stream, connection.remotePeer.toString(), remoteHost(connection.remoteAddr))
    }, { maxInboundStreams: 16 })
  }

  async stop (): Promise<void> {
    await this.ctx.libp2p.unhandle(JOIN_PROTOCOL)
  }

  private async serve (stream: Stream, peerId: string, host: string): Promise<void> {
    const s = framed(stream, MAX_JOIN_FRAME_BYTES, STEP_TIMEOUT_MS)
    try {
      if (!this.limits.take(peerId, host)) throw new Refusal('rate-limited')
      const request = await s.read(decodeJoinMessage)
      if (request.t !== 'join') throw new Refusal('malformed')
      const incident = this.ctx.incidents.get(toHex(request.i))
      if (incident === undefined) throw new Refusal('unknown-invite')
      if (!isAdmin(incident.state, incident.myKeyHex)) throw new Refusal('not-admin')
      const inviteHex = toHex(request.h)
      const joinerKey = publicKeyOf(peerId)
      const alreadyMember = incident.isMember(peerId)
      if (!alreadyMember) {
        const refusal = inviteRefusal(incident.state, inviteHex, Date.now())
        if (refusal !== undefined) throw new Refusal(refusal)
      }
      const nonce = new Uint8Array(randomBytes(32))
      await s.write(encodeJoinMessage({ t: 'challenge', n: nonce }))
      const proof = await s.read(decodeJoinMessage)
      if (proof.t !== 'proof') throw new Refusal('malformed')
      if (!verifyJoinProof(request.h, incident.id, joinerKey, nonce, proof.p)) throw new Refusal('bad-secret')
      if (!alreadyMember) {
        const invite = incident.state.invites.get(inviteHex)
        const role = invite?.role ?? 'guest'
        await incident.authorRosterOp({
          k: 'add',
          d: {
            m: joinerKey, x: proof.x, n: proof.n, r: role, h: request.h, k: incident.sealEpochKeysFor(joinerKey, proof.x, role),
            u: role === 'guest' ? Date.now() + (invite?.guestAccessMs ?? DEFAULT_GUEST_ACCESS_MS) : undefined
          }
        }, (state) => {
          const refusal = inviteRefusal(state, inviteHex, Date.now())
          if (refusal !== undefined) throw new Refusal(refusal)
        })
      }
      await s.write(encodeJoinMessage({ t: 'welcome', o: incident.rosterOps.map(op => op.wire) }))
      if (!alreadyMember) this.deps.admitted(incident)
    } catch (err) {
      const code: JoinRefusal = err instanceof Refusal ? err.code : 'malformed'
      this.ctx.stats.drop('join', err instanceof Refusal ? code : reasonOf(err))
      try { await s.write(encodeJoinMessage({ t: 'no', c: code, m: JOIN_REFUSALS[code] }), 2000) } catch { /* peer gone */ }
    } finally {
      await s.close()
    }
  }

  /**
   * Joins with an invite link: asks the inviter, then any connected peer (another admin may have
   * the invite), retrying until `timeoutMs`. A definite refusal ends it at once.
   */
  async join (link: InviteLink, timeoutMs: number): Promise<Incident> {
    const existing = this.ctx.incidents.get(toHex(link.incidentId))
    if (existing?.isMember(this.ctx.me.peerId) === true) return existing
    if (Date.now() >= link.expiresAt) throw new JoinRefusedError('expired', JOIN_REFUSALS.expired)
    const inviter = peerIdOf(link.inviter)
    const addrs = link.addrs.flatMap(a => { try { return [multiaddr(a)] } catch { return [] } })
    if (addrs.length > 0) await this.ctx.libp2p.peerStore.merge(peerIdFromString(inviter), { multiaddrs: addrs })
    const deadline = Date.now() + timeoutMs
    let lastError = 'no admin reachable'
    while (Date.now() < deadline) {
      const others = this.ctx.libp2p.getConnections().map(c => c.remotePeer.toString()).filter(p => p !== inviter)
      for (const peer of [inviter, ...new Set(others)]) {
        try {
          return await this.attempt(peer, link, Math.max(1000, Math.min(STEP_TIMEOUT_MS, deadline - Date.now())))
        } catch (err) {
          const passOn = err instanceof JoinRefusedError && peer !== inviter && (err.code === 'unknown-invite' || err.code === 'not-admin')
          if (err instanceof JoinRefusedError && !passOn) throw err
          // The inviter admitted us in a role this node does not take (onlyAs): asking again changes nothing.
          if (err instanceof NotAuthorizedError && peer === inviter) throw err
          lastError = errorMessage(err)
        }
      }
      await new Promise(resolve => setTimeout(resolve, Math.min(1000, Math.max(0, deadline - Date.now()))))
    }
    throw new LifeboatError('timeout', `could not join "${link.title}" within ${Math.round(timeoutMs / 1000)} s: ${lastError}`)
  }

  private async attempt (peer: string, link: InviteLink, timeoutMs: number): Promise<Incident> {
    const stream = await this.ctx.libp2p.dialProtocol(peerIdFromString(peer), JOIN_PROTOCOL, { signal: AbortSignal.timeout(timeoutMs) })
    const s = framed(stream, MAX_JOIN_FRAME_BYTES, timeoutMs)
    try {
      await s.write(encodeJoinMessage({ t: 'join', i: link.incidentId, h: inviteKey(link.secret).publicKey }))
      const challenge = await s.read(decodeJoinMessage)
      if (challenge.t === 'no') throw new JoinRefusedError(challenge.c, challenge.m)
      if (challenge.t !== 'challenge') throw new LifeboatError('protocol', `admin sent ${challenge.t} instead of a challenge`)
      await s.write(encodeJoinMessage({
        t: 'proof', p: joinProof(link.secret, link.incidentId, this.ctx.me.signer.publicKey, challenge.n), n: this.deps.myName(), x: this.ctx.me.x25519.publicKey
      }))
      const answer = await s.read(decodeJoinMessage)
      if (answer.t === 'no') throw new JoinRefusedError(answer.c, answer.m)
      if (answer.t !== 'welcome') throw new LifeboatError('protocol', `admin sent ${answer.t} instead of a welcome`)
      const incident = await Incident.joined(this.deps.store, this.ctx.me, this.deps.listener, link.incidentId, answer.o.map(wire => decodeRosterOp(wire)), this.deps.onlyAs)
      return incident
    } finally {
      await s.close()
    }
  }
}
