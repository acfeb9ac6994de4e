// What the join screen shows before the user confirms: the link's own facts, and who the inviter
// says they are. Only the inviter is asked, over a connection whose Noise handshake proved the key
// the link names, so no other peer can put a name there; the fingerprint never comes from the
// network (join-handlers.ts computes it from the keys in the link). An unreachable inviter or an
// older node that does not know `about` leaves the name unknown; a refusal (expired, used up)
// is told at once, in the joiner's own words.
import { peerIdFromString } from '@libp2p/peer-id'
import { errorMessage } from '../../errors.js'
import { peerIdOf } from '../../identity/peer-key.js'
import { inviteKey } from '../../membership/invite-key.js'
import type { InviteLink } from '../../membership/invite-link.js'
import type { Role } from '../../membership/roles.js'
import { dialAny, DialAnyError } from '../../net/dial-any.js'
import { framed } from '../../net/framed-stream.js'
import { JOIN_PROTOCOL } from '../../net/protocols.js'
import type { ServiceContext } from '../../net/service.js'
import { decodeJoinMessage, encodeJoinMessage, MAX_JOIN_FRAME_BYTES } from './join-messages.js'
import { DIAL_TIMEOUT_MS } from './joiner.js'
import { inviterUnreachableText, refusalText } from './join-wording.js'

const ANSWER_TIMEOUT_MS = 5_000

export interface InviterAnswer {
  /** The inviter's display name, as its own device gives it. */
  name?: string | undefined
  /** The role the invite admits as. */
  role?: Role | undefined
  /** Why joining will not work as things stand (refused, unreachable), in plain words. */
  problem?: string | undefined
  /** The admin refused the invite itself (expired, used up, unknown): a new link is needed. */
  refused: boolean
}

export async function askInviter (ctx: ServiceContext, link: InviteLink): Promise<InviterAnswer> {
  const inviter = peerIdFromString(peerIdOf(link.inviter))
  let stream
  try {
    const connection = await dialAny(ctx.libp2p, inviter, link.addrs, DIAL_TIMEOUT_MS)
    stream = await connection.newStream(JOIN_PROTOCOL, { signal: AbortSignal.timeout(ANSWER_TIMEOUT_MS) })
  } catch (err) {
    return { problem: err instanceof DialAnyError ? inviterUnreachableText(link.addrs) : errorMessage(err), refused: false }
  }
  const s = framed(stream, MAX_JOIN_FRAME_BYTES, ANSWER_TIMEOUT_MS)
  try {
    await s.write(encodeJoinMessage({ t: 'about', i: link.incidentId, h: inviteKey(link.secret).publicKey }))
    const answer = await s.read(decodeJoinMessage)
    if (answer.t === 'inviter') return { name: answer.n, role: answer.r, refused: false }
    // An older inviter refuses `about` as malformed: it says nothing about the invite.
    if (answer.t === 'no' && answer.c !== 'malformed') return { problem: refusalText(answer.c, answer.m), refused: answer.c !== 'rate-limited' }
    return { refused: false }
  } catch {
    return { refused: false }
  } finally {
    await s.close()
  }
}
