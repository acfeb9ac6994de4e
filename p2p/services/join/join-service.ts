// Serves joins as an admin (and says who is inviting, for the join screen), and joins as an
// invitee (joiner.ts; protocol in join-messages.ts).
import { randomBytes } from 'node:crypto'
import type { Stream } from '@libp2p/interface'
import { toHex } from '../../codec/bytes.js'
import { publicKeyOf } from '../../identity/peer-key.js'
import type { Incident } from '../../incident/incident.js'
import { inviteRefusal, JOIN_REFUSALS, type JoinRefusal } from '../../membership/invite-check.js'
import { verifyJoinProof } from '../../membership/invite-key.js'
import type { InviteLink } from '../../membership/invite-link.js'
import { isAdmin } from '../../membership/roster-state.js'
import { framed, type FramedStream } from '../../net/framed-stream.js'
import { JOIN_PROTOCOL } from '../../net/protocols.js'
import { remoteHost } from '../../net/remote-host.js'
import type { NetworkService, ServiceContext } from '../../net/service.js'
import { reasonOf } from '../../net/stats.js'
import { JoinAttemptLimits, type JoinLimits } from './join-limits.js'
import { decodeJoinMessage, encodeJoinMessage, MAX_JOIN_FRAME_BYTES, type JoinMessage } from './join-messages.js'
import { askInviter, type InviterAnswer } from './invite-preview.js'
import { Joiner, type JoinerDeps, type JoinOptions } from './joiner.js'

const STEP_TIMEOUT_MS = 10_000
/** How long a guest stays when the invite does not say. */
const DEFAULT_GUEST_ACCESS_MS = 3 * 24 * 3600 * 1000

class Refusal extends Error {
  constructor (readonly code: JoinRefusal) { super(JOIN_REFUSALS[code]) }
}

export interface JoinDeps extends JoinerDeps {
  /** A new member was admitted here: tell the others the roster changed. */
  admitted: (incident: Incident) => void
  /** Join attempts served per peer and link, per address and overall (default DEFAULT_JOIN_LIMITS). */
  limits?: JoinLimits
}

export class JoinService implements NetworkService {
  readonly name = 'join'
  private readonly limits: JoinAttemptLimits
  private readonly joiner: Joiner

  constructor (private readonly ctx: ServiceContext, private readonly deps: JoinDeps) {
    this.limits = new JoinAttemptLimits(deps.limits)
    this.joiner = new Joiner(ctx, deps)
  }

  /** Who is inviting, asked of the inviter before joining (invite-preview.ts). */
  async preview (link: InviteLink): Promise<InviterAnswer & { alreadyMember: boolean }> {
    if (this.ctx.incidents.get(toHex(link.incidentId))?.isMember(this.ctx.me.peerId) === true) return { alreadyMember: true, refused: false }
    if (this.deps.isOffline()) return { alreadyMember: false, refused: false, problem: 'This device is offline: go online to reach the inviter.' }
    return { alreadyMember: false, ...await askInviter(this.ctx, link) }
  }

  /** Joins with an invite link (joiner.ts). */
  async join (link: InviteLink, options: JoinOptions): Promise<Incident> {
    return await this.joiner.join(link, options)
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
      // Limited per link: a device's failed attempts with one link do not hold up its next link.
      let request: JoinMessage | undefined
      let unreadable: unknown
      try { request = await s.read(decodeJoinMessage) } catch (err) { unreadable = err }
      const named = request?.t === 'join' || request?.t === 'about' ? toHex(request.h) : ''
      if (!this.limits.take(peerId, host, Date.now(), named)) throw new Refusal('rate-limited')
      if (unreadable !== undefined) throw unreadable
      if (request?.t === 'about') { await this.about(s, request.i, request.h); return }
      if (request?.t !== 'join') throw new Refusal('malformed')
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

  /** Who is inviting, for the join screen of someone holding the link; refused as a join would be. */
  private async about (s: FramedStream, incidentId: Uint8Array, inviteKey: Uint8Array): Promise<void> {
    const incident = this.ctx.incidents.get(toHex(incidentId))
    if (incident === undefined) throw new Refusal('unknown-invite')
    if (!isAdmin(incident.state, incident.myKeyHex)) throw new Refusal('not-admin')
    const inviteHex = toHex(inviteKey)
    const refusal = inviteRefusal(incident.state, inviteHex, Date.now())
    if (refusal !== undefined) throw new Refusal(refusal)
    const role = incident.state.invites.get(inviteHex)?.role ?? 'guest'
    await s.write(encodeJoinMessage({ t: 'inviter', n: this.deps.myName(), r: role }))
  }
}
