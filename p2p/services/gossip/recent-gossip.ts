// The entries gossip carried lately, per incident and author: what a sync server leaves out of
// its answer, because gossip is most likely bringing them to the puller already (net/gossip-grace.ts).
// Entries that came by sync are not here: sync does not gossip them again.
import { GOSSIP_GRACE_MS } from '../../net/gossip-grace.js'

interface Carried { seq: number, at: number }

export class RecentGossip {
  private readonly byIncident = new Map<string, Map<string, Carried[]>>()

  constructor (private readonly graceMs = GOSSIP_GRACE_MS, private readonly now: () => number = Date.now) {}

  /** Gossip carried (published or accepted) entry `seq` of `authorHex` in incident `incidentHex`. */
  note (incidentHex: string, authorHex: string, seq: number): void {
    let authors = this.byIncident.get(incidentHex)
    if (authors === undefined) this.byIncident.set(incidentHex, authors = new Map())
    const carried = this.fresh(authors.get(authorHex))
    carried.push({ seq, at: this.now() })
    if (carried.length === 1) authors.set(authorHex, carried)
  }

  /**
   * The lowest seq of `authorHex` gossip carried within the grace and after `since` (when the
   * puller subscribed to the topic: what gossip carried before, it cannot be bringing to it), if
   * any: sync serves below it.
   */
  firstRecent (incidentHex: string, authorHex: string, since: number): number | undefined {
    const authors = this.byIncident.get(incidentHex)
    const carried = this.fresh(authors?.get(authorHex))
    if (carried.length === 0) {
      authors?.delete(authorHex)
      if (authors?.size === 0) this.byIncident.delete(incidentHex)
      return undefined
    }
    const low = carried.reduce((low, c) => c.at > since ? Math.min(low, c.seq) : low, Infinity)
    return low === Infinity ? undefined : low
  }

  /** Whether gossip carried any entry of `authorHex` within the grace: more of it may be on its way. */
  carrying (incidentHex: string, authorHex: string): boolean {
    return this.fresh(this.byIncident.get(incidentHex)?.get(authorHex)).length > 0
  }

  /** `carried` without what is past the grace, pruned in place (arrival order: the old ones are in front). */
  private fresh (carried: Carried[] | undefined): Carried[] {
    if (carried === undefined) return []
    const since = this.now() - this.graceMs
    let old = 0
    while (old < carried.length && (carried[old] as Carried).at <= since) old++
    if (old > 0) carried.splice(0, old)
    return carried
  }
}
