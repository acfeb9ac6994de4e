// The chat as shown, a page at a time: the stored messages (read by position from the message
// index) with a few lines placed among them, messages still pending (received ahead of a gap,
// text in hand) and, when asked for, the roster's system lines. There is no list of the whole
// chat: placing the lines is one pass over the stored messages' times (none without system
// lines), and a page costs the lines it shows. Pure.
import { chatOrder } from './message-index.js'
import type { SystemLine } from './system-lines.js'

/** What placing reads of the stored messages: their times and Lamport values by position, and where a message would go. */
export interface StoredOrder {
  readonly length: number
  ts: (i: number) => number
  lamport: (i: number) => number
  insertionPoint: (place: { lamport: number, authorHex: string, seq: number }) => number
}

export interface PendingPlace { readonly lamport: number, readonly authorHex: string, readonly seq: number, readonly ts: number }

/** A system line as placed: with the Lamport value of the message before it, so the chat stays in Lamport order for what reads it so (unread markers). */
export type PlacedLine = SystemLine & { lamport: number }

/** A line placed among the stored messages: it comes just before stored position `at`. */
export type Extra<P> = { at: number, pending: P } | { at: number, system: PlacedLine }

/** One place of a page: a stored message (its position), a pending message or a system line. */
export type Shown<P> = { stored: number } | Extra<P>

/**
 * Places `pending` (any order) and `lines` (by time) among the stored messages. A pending message
 * goes where chat order puts it; a system line goes before the first message (stored or pending)
 * written after it, and lines newer than every message at the end. The result is in chat order.
 */
export function placeExtras<P extends PendingPlace> (stored: StoredOrder, pending: readonly P[], lines: readonly SystemLine[]): Array<Extra<P>> {
  const held = [...pending].sort(chatOrder)
  const heldAt = held.map(p => stored.insertionPoint(p))
  const extras: Array<Extra<P>> = []
  let [next, k, p, lamport] = [0, 0, 0, 0]
  const linesUpTo = (ts: number, at: number): void => {
    for (; next < lines.length && (lines[next] as SystemLine).ts <= ts; next++) extras.push({ at, system: { ...(lines[next] as SystemLine), lamport } })
  }
  while (next < lines.length && (p < stored.length || k < held.length)) {
    if (k < held.length && (heldAt[k] as number) <= p) {
      const message = held[k] as P
      linesUpTo(message.ts, p)
      extras.push({ at: p, pending: message })
      lamport = message.lamport
      k++
    } else {
      linesUpTo(stored.ts(p), p)
      lamport = stored.lamport(p)
      p++
    }
  }
  linesUpTo(Infinity, stored.length)
  for (; k < held.length; k++) extras.push({ at: heldAt[k] as number, pending: held[k] as P })
  return extras
}

/** Where stored position `p` sits in the chat with `extras` among it. */
export function shownIndexOfStored (p: number, extras: ReadonlyArray<Extra<unknown>>): number {
  let before = 0
  while (before < extras.length && (extras[before] as Extra<unknown>).at <= p) before++
  return p + before
}

/** Where extra `j` sits in the chat (extras are in chat order, each before its stored position). */
export const shownIndexOfExtra = (j: number, extras: ReadonlyArray<Extra<unknown>>): number => (extras[j] as Extra<unknown>).at + j

/**
 * The places shown at `start` to `end` (excluded) of the chat with `extras` among `storedLength`
 * stored messages.
 */
export function shownRange<P> (storedLength: number, extras: ReadonlyArray<Extra<P>>, start: number, end: number): Array<Shown<P>> {
  const stop = Math.min(end, storedLength + extras.length)
  let j = 0
  while (j < extras.length && shownIndexOfExtra(j, extras) < start) j++
  // Before `start` are j extras, so the stored message there (if it is one) is start - j.
  let p = start - j
  const out: Array<Shown<P>> = []
  for (let i = Math.max(0, start); i < stop; i++) {
    if (j < extras.length && shownIndexOfExtra(j, extras) === i) out.push(extras[j++] as Extra<P>)
    else out.push({ stored: p++ })
  }
  return out
}
