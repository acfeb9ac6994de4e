// An activation: a team admin opened an incident with the team's members in it, and wrote its
// roster (the genesis and one `add` per member, each epoch key sealed to that member) into the
// team's log. Every member's node reads it from there — live or when it next meets any member —
// and joins the incident on its own, without an invite. Pure: decoding and checks only.
import type { PayloadRecord } from '../chat/chat-view.js'
import { toHex } from '../codec/bytes.js'
import type { PayloadInput } from '../log/payload.js'
import { decodeRosterOp, type RosterOp } from '../membership/roster-op.js'

type ActivatePayload = Extract<PayloadInput, { k: 'activate' }>

export interface Activation {
  incidentId: string
  title: string
  /** The team admin who opened it (member key hex, peer id) and when (its entry's time). */
  byHex: string
  by: string
  at: number
  playbook?: string | undefined
  /** The incident's roster as the admin sent it, decoded and signature-checked. */
  ops: RosterOp[]
}

/** The payload that tells a team about a new incident: its id, title and roster. */
export function activationPayload (incidentId: Uint8Array, title: string, ops: readonly RosterOp[], playbook?: string): ActivatePayload {
  return { k: 'activate', i: incidentId, title, o: ops.map(op => op.wire), ...(playbook === undefined ? {} : { pb: playbook }) }
}

/**
 * The activation a team record carries, or why it is refused: every op must decode and verify and
 * belong to the incident named, and the incident's genesis must be the writer's own (a team admin
 * cannot hand members someone else's incident, nor a team).
 */
export function readActivation (record: PayloadRecord): Activation | string {
  const p = record.payload
  if (p.k !== 'activate') return 'not an activation'
  const incidentId = toHex(p.i)
  let ops: RosterOp[]
  try {
    ops = p.o.map(wire => decodeRosterOp(wire))
  } catch {
    return 'a roster op does not decode or verify'
  }
  if (ops.some(op => toHex(op.body.i) !== incidentId)) return 'a roster op belongs to another incident'
  const genesis = ops.filter(op => op.body.k === 'genesis')
  const first = genesis[0]?.body
  if (genesis.length !== 1 || first?.k !== 'genesis' || first.p.length > 0) return 'the roster has no single genesis'
  if (toHex(first.a) !== record.authorHex) return 'the incident was not opened by the activation\'s writer'
  if (first.d.y === 'team') return 'a team cannot be activated as an incident'
  return { incidentId, title: p.title, byHex: record.authorHex, by: record.author, at: record.ts, playbook: p.pb, ops }
}

// A record is read once: its ops' signatures are checked on the first read only.
const read = new WeakMap<PayloadRecord, Activation | string>()

/** The activations a team's records carry, oldest first, by incident (the first one of an id stands). */
export function activationsOf (records: Iterable<PayloadRecord>): Map<string, Activation> {
  const out = new Map<string, Activation>()
  for (const r of records) {
    if (r.payload.k !== 'activate') continue
    const activation = read.get(r) ?? readActivation(r)
    read.set(r, activation)
    if (typeof activation !== 'string' && !out.has(activation.incidentId)) out.set(activation.incidentId, activation)
  }
  return out
}
