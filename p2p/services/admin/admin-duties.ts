// What an admin's node does on its own: removes guests whose time is up, rotates the epoch key
// when it was sealed to someone no longer a member (or missed a member), and rotates on a
// schedule if one is set. Every admin's node does this; a short random delay keeps several
// admins from all rotating at once, and the check is repeated after the delay.
import { errorMessage } from '../../errors.js'
import type { Incident } from '../../incident/incident.js'
import { isAdmin, needsRotation } from '../../membership/roster-state.js'
import type { NetworkService, ServiceContext } from '../../net/service.js'

const CHECK_EVERY_MS = 5_000
const MAX_JITTER_MS = 1_500

export interface AdminDutiesDeps {
  /** Rotate each incident's key this often (ms); no scheduled rotation when undefined. */
  rotateEveryMs: number | undefined
  /** The roster of `incident` changed here (a rotation or a removal): tell the members. */
  rotated: (incident: Incident, why: string) => void
  /** A duty failed; the next check tries again. */
  failed: (incident: Incident, message: string) => void
}

export class AdminDuties implements NetworkService {
  readonly name = 'admin-duties'
  private timer: NodeJS.Timeout | undefined
  private readonly busy = new Set<string>()
  private readonly pending = new Set<NodeJS.Timeout>()

  constructor (private readonly ctx: ServiceContext, private readonly deps: AdminDutiesDeps) {}

  start (): void {
    this.timer = setInterval(() => { for (const incident of this.ctx.incidents.all()) void this.check(incident) }, CHECK_EVERY_MS)
    this.timer.unref()
  }

  stop (): void {
    clearInterval(this.timer)
    for (const t of this.pending) clearTimeout(t)
    this.pending.clear()
  }

  /** After a roster change: check soon, after a random delay. */
  schedule (incident: Incident): void {
    const t = setTimeout(() => { this.pending.delete(t); void this.check(incident) }, Math.floor(Math.random() * MAX_JITTER_MS))
    t.unref()
    this.pending.add(t)
  }

  /** Runs the duties for `incident` now (the timer and schedule() call this). */
  async check (incident: Incident): Promise<void> {
    if (this.busy.has(incident.idHex) || !isAdmin(incident.state, incident.myKeyHex)) return
    this.busy.add(incident.idHex)
    try {
      const now = Date.now()
      for (const [keyHex, member] of incident.state.members) {
        if (member.role === 'guest' && member.until !== undefined && member.until <= now) {
          await incident.rotate(keyHex)
          this.deps.rotated(incident, `guest ${member.name} expired`)
        }
      }
      const epoch = incident.state.currentEpoch
      if (needsRotation(incident.state)) {
        // Judged again in the incident's queue: a removal's own rotation may be about to fix it.
        if (await incident.rotate(undefined, needsRotation) !== epoch) this.deps.rotated(incident, 'the current key reached someone no longer a member, or missed a member')
      } else if (this.deps.rotateEveryMs !== undefined && epoch !== undefined && now - epoch.createdAt >= this.deps.rotateEveryMs) {
        await incident.rotate()
        this.deps.rotated(incident, 'scheduled rotation')
      }
    } catch (err) {
      this.deps.failed(incident, errorMessage(err))
    } finally {
      this.busy.delete(incident.idHex)
    }
  }
}
