// This device's checkpoints (issue 16): a signed `ckpt` entry listing every author's head seq and
// its hash as held here (each hash commits to everything before it), so an exported record proves
// not only who wrote what but which members held it by when. Written every CHECKPOINT_EVERY_MS for
// each incident whose logs changed since this device's last one, and on demand (`checkpoint`, and
// before an export). A checkpoint that cannot be written (removed
// meanwhile, the store closing) is reported to `failed`, never thrown from the timer.
import { fromHex } from '../codec/bytes.js'
import type { Incident } from '../incident/incident.js'
import type { Entry } from '../log/entry.js'

export const CHECKPOINT_EVERY_MS = 10 * 60_000

/** Every author's head as this device holds it: [author key, seq, hash of that entry], by key. */
export function heldHeads (incident: Incident): Array<[Uint8Array, number, Uint8Array]> {
  const heads: Array<[Uint8Array, number, Uint8Array]> = []
  for (const [author, seq] of [...incident.logs.versionVector()].sort(([a], [b]) => a < b ? -1 : 1)) {
    const hash = incident.logs.view(author).hashAt(seq)
    if (seq > 0 && hash !== undefined) heads.push([fromHex(author), seq, fromHex(hash)])
  }
  return heads
}

export class Checkpoints {
  /** Per incident: its entry count right after this device's last checkpoint. */
  private readonly countAfter = new WeakMap<Incident, number>()
  private timer: NodeJS.Timeout | undefined

  constructor (
    private readonly incidents: () => Incident[],
    private readonly failed: (incident: Incident, err: unknown) => void,
    private readonly everyMs = CHECKPOINT_EVERY_MS
  ) {}

  start (): void {
    this.timer ??= setInterval(() => { void this.flush() }, this.everyMs).unref()
  }

  stop (): void {
    clearInterval(this.timer)
    this.timer = undefined
  }

  /** Writes a checkpoint of `incident` now. */
  async write (incident: Incident): Promise<Entry> {
    const entry = await incident.append({ k: 'ckpt', h: heldHeads(incident) })
    this.countAfter.set(incident, incident.logs.count())
    return entry
  }

  /** Writes one for every incident this device writes to whose logs changed since its last. */
  async flush (): Promise<void> {
    for (const incident of this.incidents()) {
      const role = incident.myRole()
      if (incident.kind !== 'incident' || role === 'relay' || role === 'removed' || this.countAfter.get(incident) === incident.logs.count()) continue
      try {
        await this.write(incident)
      } catch (err) {
        this.failed(incident, err)
      }
    }
  }
}
