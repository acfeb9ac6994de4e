// Everything the node does for teams, behind one object: joining the incidents a team opens
// (team-activations.ts), starting scheduled drills (drill-scheduler.ts), and the API methods of
// teams, playbooks and drills (team-handlers.ts, drill-handlers.ts).
import type { ApiEvents } from '../api/types.js'
import type { PayloadRecord } from '../chat/chat-view.js'
import { NotAuthorizedError } from '../errors.js'
import { Incident } from '../incident/incident.js'
import type { PeerView } from '../services/heads/heads-service.js'
import { readActivation } from '../team/activation.js'
import { drillHandlers, type DrillHandlers } from './drill-handlers.js'
import { DrillScheduler } from './drill-scheduler.js'
import { TeamActivations, type TeamActivationDeps } from './team-activations.js'
import { teamHandlers, type TeamDeps, type TeamHandlers } from './team-handlers.js'

export interface TeamsDeps extends TeamActivationDeps {
  self: string
  /** A relay node creates neither incidents nor teams. */
  relayOnly: boolean
  peerViews: (team: Incident) => PeerView[]
  emitTeam: (payload: ApiEvents['team']) => void
}

export class Teams {
  private readonly activations: TeamActivations
  private readonly scheduler: DrillScheduler

  constructor (private readonly deps: TeamsDeps) {
    this.activations = new TeamActivations(deps)
    this.scheduler = new DrillScheduler((_team, err) => { deps.stats.drop('drill', String(err).slice(0, 60)) })
  }

  /** A team or incident went live here: a team's activations not joined yet, and its drill schedule. */
  registered (incident: Incident): void {
    if (incident.kind !== 'team') return
    this.activations.catchUp(incident)
    this.scheduler.plan(incident)
  }

  /** A team's activation, playbook or drill (or a device's answer to one) was stored. */
  changed (team: Incident, record: PayloadRecord): void {
    const activation = record.payload.k === 'activate' ? readActivation(record) : undefined
    if (activation !== undefined && typeof activation !== 'string') this.activations.arrived(team, activation)
    if (record.payload.k === 'drill') this.scheduler.plan(team)
    this.deps.emitTeam({ teamId: team.idHex })
  }

  stop (): void { this.scheduler.stop() }

  /** A new incident or team with this device as its admin. */
  private readonly create: TeamDeps['create'] = async (title, kind) => {
    const { store, me, listener, name, register } = this.deps
    if (this.deps.relayOnly) throw new NotAuthorizedError(`a relay node only relays what members invite it to; create ${kind === 'team' ? 'teams' : 'incidents'} on a member's device`)
    const incident = await Incident.create(store, me, listener, title, name(), kind)
    register(incident)
    return incident
  }

  handlers (): TeamHandlers & DrillHandlers {
    const { incidents, store, self, peerViews } = this.deps
    return { ...teamHandlers({ incidents, activations: this.activations, create: this.create }), ...drillHandlers({ incidents, store, self, peerViews }) }
  }
}
