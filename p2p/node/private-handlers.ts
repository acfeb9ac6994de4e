// Direct messages and private threads in the API (chat/threads.ts folds them, chat/private-crypto.ts
// seals and encrypts). A conversation's key is replaced before anyone writes with it once a
// participant is no longer a member of the incident, so a removed member never gets a key to
// what is written after its removal.
import { randomBytes } from 'node:crypto'
import type { ChatMessage, DirectMessage, Params, Result, ThreadInfo } from '../api/types.js'
import { messageId } from '../chat/chat-view.js'
import { encryptPrivate, decryptPrivate, openThreadKey, sealThreadKey, type ThreadRef } from '../chat/private-crypto.js'
import { currentOp, foldPrivate, foldThreads, staleParticipants, type PrivateLine, type Thread, type ThreadOp } from '../chat/threads.js'
import { fromHex, toHex } from '../codec/bytes.js'
import { randomKey } from '../crypto/aead.js'
import { InvalidArgumentError, NotAuthorizedError, NotFoundError } from '../errors.js'
import type { DeviceIdentity } from '../identity/identity.js'
import { peerIdOf } from '../identity/peer-key.js'
import type { Incident } from '../incident/incident.js'
import type { Member } from '../membership/roster-state.js'
import { memberByRef, memberNames, UNKNOWN_NAME } from './member-names.js'

type PrivateMethod = 'dmSend' | 'dmList' | 'threadCreate' | 'threads' | 'threadRemove'
export type PrivateHandlers = { [M in PrivateMethod]: (params: Params<M>) => Promise<Result<M>> } & {
  /** `sendMessage` and `messages` with a `thread`. */
  sendPrivate: (incident: Incident, threadId: string, text: string, replyTo?: string) => Promise<{ id: string }>
  privateMessages: (incident: Incident, threadId: string, limit?: number) => ChatMessage[]
  /** Every private message this device can read (for search). */
  privateLines: (incident: Incident) => PrivateLine[]
}

export function privateHandlers (incidentOf: (id: string) => Incident, me: DeviceIdentity): PrivateHandlers {
  const myHex = toHex(me.signer.publicKey)
  // Opened conversation keys, per incident, by "thread:key id" (null: not sealed to us, or does not open).
  const opened = new WeakMap<Incident, Map<string, Uint8Array | null>>()
  const keyOf = (incident: Incident) => (thread: Thread, op: ThreadOp): Uint8Array | undefined => {
    const cache = opened.get(incident) ?? new Map<string, Uint8Array | null>()
    opened.set(incident, cache)
    const id = `${thread.idHex}:${op.keyIdHex}`
    if (!cache.has(id)) {
      const sealed = op.sealed.get(myHex)
      cache.set(id, sealed === undefined ? null : openThreadKey({ incidentId: incident.id, threadId: thread.id, keyId: op.keyId }, { key: me.signer.publicKey, x25519: me.x25519 }, sealed) ?? null)
    }
    return cache.get(id) ?? undefined
  }
  const isMemberOf = (incident: Incident) => (hex: string): boolean => incident.state.members.has(hex)
  const threadsOf = (incident: Incident): Map<string, Thread> => foldThreads(incident.records, isMemberOf(incident))
  const linesOf = (incident: Incident): PrivateLine[] => foldPrivate(incident.records, threadsOf(incident), incident.id, keyOf(incident))

  /** Writes a `thread` op: a new key for `participants`, the title (if any) encrypted with it. */
  const writeKey = async (incident: Incident, threadId: Uint8Array, participants: Member[], options: { dm?: boolean, title?: string | undefined }): Promise<void> => {
    const ref: ThreadRef = { incidentId: incident.id, threadId, keyId: new Uint8Array(randomBytes(8)) }
    const key = randomKey()
    const title = options.title === undefined ? undefined : encryptPrivate('title', ref, me.signer.publicKey, key, { text: options.title })
    await incident.append({
      k: 'thread', i: threadId, kid: ref.keyId, s: participants.map(m => [m.publicKey, sealThreadKey(ref, { key: m.publicKey, x25519: m.x25519 }, key)]),
      ...(options.dm === true ? { dm: true as const } : {}), ...(title === undefined ? {} : { tn: title.n, tc: title.c })
    })
  }
  const titleOf = (incident: Incident, thread: Thread): string | undefined => {
    const op = thread.ops.findLast(o => o.title !== undefined)
    const key = op === undefined ? undefined : keyOf(incident)(thread, op)
    if (op?.title === undefined || key === undefined) return undefined
    return decryptPrivate('title', { incidentId: incident.id, threadId: thread.id, keyId: op.keyId }, fromHex(op.record.authorHex), key, op.title)?.text
  }
  /** A conversation this device is in now (or, with `past`, ever was: what it could read stays readable). */
  const threadOf = (incident: Incident, threadId: string, past = false): Thread => {
    const thread = threadsOf(incident).get(threadId)
    const inIt = thread !== undefined && (past ? thread.ops.some(o => o.participants.includes(myHex)) : currentOp(thread).participants.includes(myHex))
    if (!inIt) throw new NotFoundError(`no conversation ${threadId} this device is in`)
    return thread
  }
  const membersOf = (incident: Incident, hexes: readonly string[]): Member[] => hexes.flatMap(h => { const m = incident.state.members.get(h); return m === undefined ? [] : [m] })

  /** The key to write with now: replaced first if a participant is no longer a member. */
  const writingKey = async (incident: Incident, threadId: string): Promise<{ thread: Thread, op: ThreadOp, key: Uint8Array }> => {
    let thread = threadOf(incident, threadId)
    if (staleParticipants(thread, isMemberOf(incident)).length > 0) {
      const remaining = membersOf(incident, currentOp(thread).participants)
      if (remaining.length < 2) throw new NotAuthorizedError('everyone else in this conversation has left the incident')
      await writeKey(incident, thread.id, remaining, { dm: thread.dm, title: titleOf(incident, thread) })
      thread = threadOf(incident, threadId)
    }
    const op = currentOp(thread)
    const key = keyOf(incident)(thread, op)
    if (key === undefined) throw new NotAuthorizedError('this device holds no key for the conversation')
    return { thread, op, key }
  }
  const sendPrivate = async (incident: Incident, threadId: string, text: string, replyTo?: string): Promise<{ id: string }> => {
    const re = replyTo === undefined ? undefined : privateRef(incident, threadId, replyTo)
    const { thread, op, key } = await writingKey(incident, threadId)
    const sealed = encryptPrivate('msg', { incidentId: incident.id, threadId: thread.id, keyId: op.keyId }, me.signer.publicKey, key, { text, re })
    const entry = await incident.append({ k: 'pmsg', i: thread.id, kid: op.keyId, n: sealed.n, c: sealed.c })
    return { id: messageId(me.peerId, entry.body.s) }
  }
  /** A message of the conversation this device reads, as the reference a reply carries. */
  const privateRef = (incident: Incident, threadId: string, id: string): [Uint8Array, number] => {
    const line = linesOf(incident).find(l => l.threadId === threadId && messageId(l.author, l.seq) === id)
    if (line === undefined) throw new NotFoundError(`no message ${id} in this conversation`)
    return [fromHex(line.authorHex), line.seq]
  }
  const toMessage = (names: ReadonlyMap<string, string>, line: PrivateLine): ChatMessage => ({
    id: messageId(line.author, line.seq), author: line.author, name: names.get(line.authorHex) ?? UNKNOWN_NAME, text: line.text, ts: line.ts,
    lamport: line.lamport, edited: false, reactions: {}, mentions: [], thread: line.threadId,
    ...(line.re === undefined ? {} : { replyTo: messageId(peerIdOf(line.re[0]), line.re[1]) })
  })
  const dmWith = (incident: Incident, peer: Member): Thread | undefined => {
    const pair = [myHex, toHex(peer.publicKey)].sort().join()
    return [...threadsOf(incident).values()].find(t => t.dm && currentOp(t).participants.join() === pair)
  }

  return {
    sendPrivate,
    privateLines: linesOf,
    privateMessages: (incident, threadId, limit) => {
      threadOf(incident, threadId, true)
      const names = memberNames(incident)
      const all = linesOf(incident).filter(l => l.threadId === threadId).map(l => toMessage(names, l))
      return limit === undefined ? all : all.slice(-limit)
    },
    dmSend: async ({ incidentId, peerId, text }) => {
      const incident = incidentOf(incidentId)
      const peer = memberByRef(incident, peerId)
      if (toHex(peer.publicKey) === myHex) throw new InvalidArgumentError('a direct message goes to another member')
      let thread = dmWith(incident, peer)
      if (thread === undefined) {
        await writeKey(incident, new Uint8Array(randomBytes(16)), [incident.state.members.get(myHex) as Member, peer], { dm: true })
        thread = dmWith(incident, peer) as Thread
      }
      return await sendPrivate(incident, thread.idHex, text)
    },
    dmList: async ({ incidentId, with: withRef, limit }) => {
      const incident = incidentOf(incidentId)
      const names = memberNames(incident)
      const threads = threadsOf(incident)
      const peerHex = withRef === undefined ? undefined : toHex(memberByRef(incident, withRef).publicKey)
      const list: DirectMessage[] = linesOf(incident).flatMap(line => {
        const thread = threads.get(line.threadId)
        if (thread?.dm !== true || (peerHex !== undefined && !currentOp(thread).participants.includes(peerHex))) return []
        const to = (thread.ops[0] as ThreadOp).participants.filter(h => h !== line.authorHex).map(h => peerIdOf(fromHex(h)))
        return [{ id: messageId(line.author, line.seq), author: line.author, name: names.get(line.authorHex) ?? UNKNOWN_NAME, to, text: line.text, ts: line.ts, threadId: thread.idHex }]
      })
      return limit === undefined ? list : list.slice(-limit)
    },
    threadCreate: async ({ incidentId, with: refs, title }) => {
      const incident = incidentOf(incidentId)
      const others = refs.map(ref => memberByRef(incident, ref)).filter(m => toHex(m.publicKey) !== myHex)
      const participants = [incident.state.members.get(myHex), ...new Map(others.map(m => [toHex(m.publicKey), m])).values()]
      if (participants[0] === undefined) throw new NotAuthorizedError('this device is not a member of the incident')
      if (participants.length < 2) throw new InvalidArgumentError('a private thread needs at least one other member')
      const id = new Uint8Array(randomBytes(16))
      await writeKey(incident, id, participants as Member[], { title })
      return { threadId: toHex(id) }
    },
    threads: async ({ incidentId }) => {
      const incident = incidentOf(incidentId)
      const names = memberNames(incident)
      const lines = linesOf(incident)
      return [...threadsOf(incident).values()].filter(t => currentOp(t).participants.includes(myHex)).map((t): ThreadInfo => {
        const mine = lines.filter(l => l.threadId === t.idHex)
        return {
          threadId: t.idHex, dm: t.dm, title: titleOf(incident, t) ?? null, creator: peerIdOf(fromHex(t.creatorHex)),
          participants: currentOp(t).participants.map(h => ({ peerId: peerIdOf(fromHex(h)), name: names.get(h) ?? UNKNOWN_NAME })),
          messages: mine.length, lastTs: mine.at(-1)?.ts ?? null
        }
      })
    },
    threadRemove: async ({ incidentId, threadId, peerId }) => {
      const incident = incidentOf(incidentId)
      const thread = threadOf(incident, threadId)
      if (thread.creatorHex !== myHex) throw new NotAuthorizedError('only the member who started the thread can remove someone from it')
      if (thread.dm) throw new InvalidArgumentError('a direct message has exactly two members')
      const gone = toHex(memberByRef(incident, peerId).publicKey)
      const remaining = membersOf(incident, currentOp(thread).participants.filter(h => h !== gone))
      if (remaining.length === currentOp(thread).participants.length) throw new NotFoundError(`${peerId} is not in this thread`)
      if (remaining.length < 2) throw new InvalidArgumentError('a private thread needs at least one other member')
      await writeKey(incident, thread.id, remaining, { title: titleOf(incident, thread) })
      return { threadId }
    }
  }
}
