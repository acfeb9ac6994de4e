// A bounded table of slots held by remote hosts (pending inbound sockets, stranger connections),
// at most `perHost` per host and `total` overall. A newcomer always gets a slot: when the table
// is over a bound, the oldest slot of the host holding the most is given up instead, so whoever
// floods a node only ever displaces its own slots, and a member behind the same address as an
// attacker still gets through while the attacker would have to outpace its handshake. Pure.

export interface SlotLimits {
  perHost: number
  total: number
}

export class SlotTable<T> {
  private readonly byHost = new Map<string, T[]>()
  private readonly hostOf = new Map<T, string>()

  constructor (private readonly limits: SlotLimits) {}

  get size (): number { return this.hostOf.size }

  /** Gives `item` a slot; returns the items that lost theirs (oldest of the busiest host first). */
  add (item: T, host: string): T[] {
    if (this.hostOf.has(item)) return []
    const slots = this.byHost.get(host) ?? []
    slots.push(item)
    this.byHost.set(host, slots)
    this.hostOf.set(item, host)
    const evicted: T[] = []
    while ((this.byHost.get(host)?.length ?? 0) > this.limits.perHost) evicted.push(this.evictFrom(host))
    while (this.hostOf.size > this.limits.total) evicted.push(this.evictFrom(this.busiestHost()))
    return evicted
  }

  remove (item: T): void {
    const host = this.hostOf.get(item)
    if (host === undefined) return
    this.hostOf.delete(item)
    const slots = (this.byHost.get(host) ?? []).filter(i => i !== item)
    if (slots.length === 0) this.byHost.delete(host)
    else this.byHost.set(host, slots)
  }

  items (): T[] { return [...this.hostOf.keys()] }

  private evictFrom (host: string): T {
    const oldest = this.byHost.get(host)?.[0] as T
    this.remove(oldest)
    return oldest
  }

  private busiestHost (): string {
    let busiest = ''
    let most = 0
    for (const [host, slots] of this.byHost) if (slots.length > most) { busiest = host; most = slots.length }
    return busiest
  }
}
