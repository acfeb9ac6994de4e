// Speaking Lifeboat's stream protocols by hand from a raw libp2p node: length-prefixed frames (or
// raw bytes, for malformed input), a join client that follows /lifeboat/join/1.0.0 step by step,
// a one-shot /lifeboat/sync/1.0.0 request, a full pull that acknowledges batches, and a sync
// server that offers chosen roster ops. Everything has a deadline.
import type { Stream } from '@libp2p/interface'
import { lpStream } from '@libp2p/utils'
import { toHex } from '../../p2p/codec/bytes.js'
import { open } from '../../p2p/crypto/seal.js'
import { epochKeyContext } from '../../p2p/incident/topic.js'
import { inviteKey, joinProof } from '../../p2p/membership/invite-key.js'
import type { InviteLink } from '../../p2p/membership/invite-link.js'
import { decodeJoinMessage, encodeJoinMessage, type JoinMessage } from '../../p2p/services/join/join-messages.js'
import { foldRoster } from '../../p2p/membership/roster-fold.js'
import { decodeEntry, type Entry } from '../../p2p/log/entry.js'
import { decodeRosterOp, type RosterOp } from '../../p2p/membership/roster-op.js'
import type { RosterState } from '../../p2p/membership/roster-state.js'
import { JOIN_PROTOCOL, SYNC_PROTOCOL } from '../../p2p/net/protocols.js'
import { decodeSyncMessage, encodeSyncMessage, type SyncMessage } from '../../p2p/services/sync/sync-messages.js'
import type { RawNode } from './raw-node.js'

const DEFAULT_TIMEOUT_MS = 5_000

/** One stream seen from the test's side: frames or raw bytes out, frames in. */
export class RawStream {
  private readonly lp

  constructor (readonly stream: Stream, maxFrameBytes = 8 * 1024 * 1024) {
    this.lp = lpStream(stream, { maxDataLength: maxFrameBytes, maxBufferSize: maxFrameBytes + 16 })
  }

  async writeFrame (bytes: Uint8Array, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<void> {
    await this.lp.write(bytes, { signal: AbortSignal.timeout(timeoutMs) })
  }

  /** Bytes exactly as given: no length prefix. */
  async writeRaw (bytes: Uint8Array, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<void> {
    if (bytes.byteLength === 0) return
    if (!this.stream.send(bytes)) await this.stream.onDrain({ signal: AbortSignal.timeout(timeoutMs) })
  }

  /** Closes our writing side (the peer sees end of stream); we can still read. */
  async closeWrite (timeoutMs = DEFAULT_TIMEOUT_MS): Promise<void> {
    await this.stream.close({ signal: AbortSignal.timeout(timeoutMs) })
  }

  async readFrame (timeoutMs = DEFAULT_TIMEOUT_MS): Promise<Uint8Array> {
    return (await this.lp.read({ signal: AbortSignal.timeout(timeoutMs) })).subarray()
  }

  /**
   * Reads frames until the stream ends or fails; `end` says how (the error's name, e.g.
   * UnexpectedEOFError for a clean close, StreamResetError for a reset, TimeoutError).
   */
  async readToEnd (timeoutMs = DEFAULT_TIMEOUT_MS): Promise<{ frames: Uint8Array[], end: string }> {
    const frames: Uint8Array[] = []
    const deadline = Date.now() + timeoutMs
    for (;;) {
      try {
        frames.push(await this.readFrame(Math.max(1, deadline - Date.now())))
      } catch (err) {
        return { frames, end: err instanceof Error ? err.name : String(err) }
      }
    }
  }

  abort (): void { this.stream.abort(new Error('test closed the stream')) }
}

export async function openRawStream (raw: RawNode, peerId: string, protocol: string): Promise<RawStream> {
  return new RawStream(await raw.openStream(peerId, protocol))
}

export interface JoinAttemptOptions {
  /** Prove with this secret instead of the link's (a wrong secret for a known invite). */
  proofSecret?: Uint8Array
  name?: string
}

export type RawJoinResult =
  | { ok: true, ops: RosterOp[], state: RosterState, epochKeys: Map<number, Uint8Array>, currentEpoch: number }
  | { ok: false, refusal: Extract<JoinMessage, { t: 'no' }> }

/** Joins with `link` through the join protocol, by hand, as `raw` (its own key and X25519 key). */
export async function rawJoin (raw: RawNode, adminPeerId: string, link: InviteLink, options: JoinAttemptOptions = {}): Promise<RawJoinResult> {
  const s = await openRawStream(raw, adminPeerId, JOIN_PROTOCOL)
  try {
    await s.writeFrame(encodeJoinMessage({ t: 'join', i: link.incidentId, h: inviteKey(link.secret).publicKey }))
    const challenge = decodeJoinMessage(await s.readFrame())
    if (challenge.t === 'no') return { ok: false, refusal: challenge }
    if (challenge.t !== 'challenge') throw new Error(`admin sent ${challenge.t} instead of a challenge`)
    const me = raw.identity
    await s.writeFrame(encodeJoinMessage({
      t: 'proof', p: joinProof(options.proofSecret ?? link.secret, link.incidentId, me.signer.publicKey, challenge.n),
      n: options.name ?? 'raw member', x: me.x25519.publicKey
    }))
    const answer = decodeJoinMessage(await s.readFrame())
    if (answer.t === 'no') return { ok: false, refusal: answer }
    if (answer.t !== 'welcome') throw new Error(`admin sent ${answer.t} instead of a welcome`)
    const ops = answer.o.map(wire => decodeRosterOp(wire))
    const { state, epochKeys } = memberView(raw, link.incidentId, ops)
    const currentEpoch = state.currentEpoch?.id
    if (currentEpoch === undefined) throw new Error('the roster has no current epoch')
    return { ok: true, ops, state, epochKeys, currentEpoch }
  } finally {
    s.abort()
  }
}

/** Folds a roster and opens every epoch key sealed to `raw` in it. */
export function memberView (raw: RawNode, incidentId: Uint8Array, ops: RosterOp[]): { state: RosterState, epochKeys: Map<number, Uint8Array> } {
  const genesis = ops.find(op => op.body.k === 'genesis' && op.body.p.length === 0)
  if (genesis === undefined) throw new Error('the roster has no genesis')
  const { state } = foldRoster(incidentId, genesis.hashHex, ops)
  const me = state.members.get(toHex(raw.identity.signer.publicKey))
  const epochKeys = new Map<number, Uint8Array>()
  for (const [epochId, sealed] of me?.grants ?? []) {
    epochKeys.set(epochId, open(raw.identity.x25519, sealed, epochKeyContext(incidentId, raw.identity.signer.publicKey)))
  }
  return { state, epochKeys }
}

/** Sends one `req` for `incidentId` and reads every answer until the stream ends. */
export async function rawSyncRequest (raw: RawNode, peerId: string, incidentId: Uint8Array): Promise<{ answers: SyncMessage[], end: string }> {
  const s = await openRawStream(raw, peerId, SYNC_PROTOCOL)
  try {
    await s.writeFrame(encodeSyncMessage({ t: 'req', i: incidentId, h: [], vv: [] }))
    const { frames, end } = await s.readToEnd()
    return { answers: frames.map(f => decodeSyncMessage(f)), end }
  } finally {
    s.abort()
  }
}

export type RawPullResult = { ok: true, ops: RosterOp[], entries: Entry[] } | { ok: false, refusal: string }

/** Pulls everything of `incidentId` from `peerId` as `raw` would (a member pulling from scratch), acking each batch. */
export async function rawPull (raw: RawNode, peerId: string, incidentId: Uint8Array): Promise<RawPullResult> {
  const s = await openRawStream(raw, peerId, SYNC_PROTOCOL)
  const ops: RosterOp[] = []
  const entries: Entry[] = []
  try {
    await s.writeFrame(encodeSyncMessage({ t: 'req', i: incidentId, h: [], vv: [] }))
    for (;;) {
      const message = decodeSyncMessage(await s.readFrame())
      if (message.t === 'no') return { ok: false, refusal: message.c }
      if (message.t === 'end') return { ok: true, ops, entries }
      if (message.t === 'ops') ops.push(...message.o.map(wire => decodeRosterOp(wire)))
      if (message.t === 'ents') {
        entries.push(...message.e.map(wire => decodeEntry(wire)))
        await s.writeFrame(encodeSyncMessage({ t: 'ack' }))
      }
    }
  } finally {
    s.abort()
  }
}

/**
 * Serves /lifeboat/sync/1.0.0 on `raw`: every pull is answered with the roster ops `offer()`
 * returns at that moment and no entries; `served` hears who got a non-empty offer.
 */
export function serveRosterOps (raw: RawNode, offer: () => readonly RosterOp[], served: (peerId: string) => void): void {
  void raw.libp2p.handle(SYNC_PROTOCOL, (stream, connection) => {
    void (async () => {
      const s = new RawStream(stream)
      try {
        await s.readFrame()
        const ops = offer()
        if (ops.length > 0) await s.writeFrame(encodeSyncMessage({ t: 'ops', o: ops.map(op => op.wire) }))
        await s.writeFrame(encodeSyncMessage({ t: 'end', h: [], vv: [] }))
        if (ops.length > 0) served(connection.remotePeer.toString())
        await s.closeWrite()
      } catch {
        s.abort()
      }
    })()
  }, { maxInboundStreams: 64 })
}
