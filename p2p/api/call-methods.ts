// The voice half of the API contract (issue 18): a front end joins the incident's call through its
// node, which signs and sends the WebRTC signalling to the other members' nodes (never stored),
// and records who joined and left as signed entries. The audio itself goes browser to browser.

/** An SDP a front end may have signed and sent: an audio-only description is about 2–4 KB. */
export const MAX_SDP_CHARS = 8192
/** A call session is 8 random bytes, in hex. */
export const CALL_SESSION_PATTERN = /^[0-9a-f]{16}$/
/** At most this many in one call: a full mesh of audio streams (issue 18). */
export const MAX_CALL_PARTICIPANTS = 8

export interface CallParticipant { peerId: string, name: string, since: number }

/** Who is in the incident's call now, as this node hears them (live members only). */
export interface CallStatus { active: boolean, participants: CallParticipant[] }

/** What a front end gets when it joins: its session (say it in every later call) and who is there. */
export interface CallJoined extends CallStatus {
  sessionId: string
  callId: string
  /** This device's peer id: it offers to every participant whose peer id sorts after it. */
  me: string
}

/**
 * A signal for this device's front end, from another member's node: checked (signature, current
 * member, fresh, not replayed, addressed to this session) before it is emitted.
 * - `hello`: `from` is in the call under `session` (sent on join, every few seconds, and in reply to a new session);
 * - `offer` / `answer`: `sdp` as `from` signed it; `fingerprint`: its DTLS certificate's SHA-256
 *   (lowercase hex), which the media connection must present;
 * - `bye`: `from` left the call (or is no longer a member).
 */
export interface CallSignal {
  incidentId: string
  /** The local session this is for; a front end ignores others. */
  sessionId: string
  from: string
  fromName: string
  kind: 'hello' | 'offer' | 'answer' | 'bye'
  /** `from`'s session: a new one means it rejoined (start over with it). */
  session: string
  sdp?: string | undefined
  fingerprint?: string | undefined
}

export interface CallMethods {
  /**
   * Joins the incident's call (starts one if none is live): writes a signed `call` entry and says
   * hello to every connected member. A second join from this device replaces the first session.
   */
  callJoin: { params: { incidentId: string }, result: CallJoined }
  /** Keeps the session alive (every few seconds; after 15 s without, the node leaves for it) and says hello again. */
  callAlive: { params: { incidentId: string, sessionId: string }, result: CallStatus }
  /**
   * Sends an SDP offer or answer to one participant (`to`: its peer id; `toSession`: its session,
   * from its hello). Audio only, with one DTLS fingerprint; `{sent}` is false if it is not reachable.
   */
  callSignal: { params: { incidentId: string, sessionId: string, kind: 'offer' | 'answer', to: string, toSession: string, sdp: string }, result: { sent: boolean } }
  /** Leaves: says bye to everyone and records it (and the call's end, if nobody else is in it). */
  callLeave: { params: { incidentId: string, sessionId: string }, result: { left: boolean } }
  callStatus: { params: { incidentId: string }, result: CallStatus }
}
