// Sync's periodic round (every 15 s by default): which members to pull which incidents from.
// A member in agreement (heads/heads-service.ts: its last summary matched what we still hold)
// is left out: a pull would bring nothing the digest covers, and a round is a stream each way
// per member. The round stays for members whose summaries do not arrive (an older node, a
// failing exchange) and, even in agreement, while a fork is traced below equal vectors: the
// digest covers (author, seq), not hashes (Standing.pullVector).
import type { Incident } from '../../incident/incident.js'

export interface RoundPlan { pull: Array<{ peerId: string, incident: Incident }>, leftOut: number }

export function planRound (peers: Iterable<string>, sharedWith: (peerId: string) => Incident[], inAgreement: (peerId: string, incident: Incident) => boolean): RoundPlan {
  const plan: RoundPlan = { pull: [], leftOut: 0 }
  for (const peerId of new Set(peers)) {
    for (const incident of sharedWith(peerId)) {
      if (!incident.tracingFork && inAgreement(peerId, incident)) plan.leftOut++
      else plan.pull.push({ peerId, incident })
    }
  }
  return plan
}
