// Where every chat message of an incident sits, without its text: per message only its author,
// seq, Lamport value and time, in chat order (Lamport, then author key hex). The texts stay in
// the store and are read a page at a time (node/chat-messages.ts), so history costs a few dozen
// bytes per message in memory, not the message. Pure.

/** A chat message's place: enough to order, page, count unread and find its entry in the store. */
export interface MessageStub {
  readonly authorHex: string
  readonly seq: number
  readonly lamport: number
  readonly ts: number
}

export const chatOrder = (a: MessageStub, b: MessageStub): number =>
  a.lamport - b.lamport || (a.authorHex < b.authorHex ? -1 : a.authorHex > b.authorHex ? 1 : 0)

export class MessageIndex {
  private readonly order: MessageStub[] = []
  /**
   * Per author (its key hex held once for all its messages) its messages by seq, ascending: an
   * author's entries are applied in seq order, so this is a push, and a lookup a binary search
   * (a Map per author cost ~40 bytes a message more).
   */
  private readonly byAuthor = new Map<string, MessageStub[]>()
  /** Whether `order` needs sorting again (entries read at start-up come author by author). */
  private unsorted = false

  get size (): number { return this.order.length }

  add (authorHex: string, seq: number, lamport: number, ts: number): void {
    let author = this.byAuthor.get(authorHex)
    if (author === undefined) this.byAuthor.set(authorHex, author = [])
    const at = insertionPoint(author, seq)
    if (author[at]?.seq === seq) return
    // The author's key hex as its first message holds it: one string for all its messages.
    const stub: MessageStub = { authorHex: author[0]?.authorHex ?? authorHex, seq, lamport, ts }
    if (at === author.length) author.push(stub)
    else author.splice(at, 0, stub)
    const last = this.order[this.order.length - 1]
    if (last !== undefined && chatOrder(last, stub) > 0) this.unsorted = true
    this.order.push(stub)
  }

  /** Forgets these messages (`author:seq` keys): purged under retention. */
  remove (slots: ReadonlySet<string>): void {
    const gone = (s: MessageStub): boolean => slots.has(`${s.authorHex}:${s.seq}`)
    let removed = false
    for (const [hex, author] of this.byAuthor) {
      const kept = author.filter(s => !gone(s))
      if (kept.length < author.length) { this.byAuthor.set(hex, kept); removed = true }
    }
    if (!removed) return
    const kept = this.order.filter(s => !gone(s))
    this.order.length = 0
    this.order.push(...kept)
  }

  get (authorHex: string, seq: number): MessageStub | undefined {
    const author = this.byAuthor.get(authorHex)
    if (author === undefined) return undefined
    const stub = author[insertionPoint(author, seq)]
    return stub?.seq === seq ? stub : undefined
  }

  /** Every message in chat order; `counts` leaves out those that stopped counting. */
  all (counts?: (authorHex: string, seq: number) => boolean): readonly MessageStub[] {
    if (this.unsorted) {
      // Nearly sorted after live arrivals: TimSort takes that in about one pass.
      this.order.sort(chatOrder)
      this.unsorted = false
    }
    return counts === undefined ? this.order : this.order.filter(s => counts(s.authorHex, s.seq))
  }
}

/** Where `seq` is or would go in an author's messages (ascending by seq). */
function insertionPoint (messages: readonly MessageStub[], seq: number): number {
  const last = messages[messages.length - 1]
  if (last === undefined || last.seq < seq) return messages.length
  let [lo, hi] = [0, messages.length - 1]
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if ((messages[mid] as MessageStub).seq < seq) lo = mid + 1
    else hi = mid
  }
  return lo
}

/**
 * The bounds of the page that ends just before position `end` (the list's end when undefined),
 * `limit` long at most (everything before it without one).
 */
export function pageBounds (length: number, end: number | undefined, limit: number | undefined): [number, number] {
  const stop = end ?? length
  return [limit === undefined ? 0 : Math.max(0, stop - limit), stop]
}
