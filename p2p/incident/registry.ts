// The incidents this device holds, by id and by gossip topic.
import type { Incident } from './incident.js'

export class IncidentRegistry {
  private readonly byId = new Map<string, Incident>()
  private readonly byTopicName = new Map<string, Incident>()

  add (incident: Incident): void {
    this.byId.set(incident.idHex, incident)
    this.byTopicName.set(incident.topic, incident)
  }

  get (idHex: string): Incident | undefined { return this.byId.get(idHex) }
  byTopic (topic: string): Incident | undefined { return this.byTopicName.get(topic) }
  all (): Incident[] { return [...this.byId.values()] }

  /** Incidents in which `peerId` is a current member. */
  sharedWith (peerId: string): Incident[] {
    return this.all().filter(incident => incident.isMember(peerId))
  }

  /** Incidents `peerId` was removed from: its sync requests are answered with the removal only. */
  removedFrom (peerId: string): Incident[] {
    return this.all().filter(incident => incident.wasRemoved(peerId))
  }

  /** Every current member of any incident, except `self`. */
  knownMembers (self: string): Set<string> {
    const out = new Set<string>()
    for (const incident of this.byId.values()) for (const m of incident.state.members.values()) if (m.peerId !== self) out.add(m.peerId)
    return out
  }
}
