// Received entries are written behind: WRITE_BEHIND_MS later, in one batch with whatever else came
// meanwhile, instead of one LevelDB write each. Every write is a trip through libuv's thread pool
// (a worker woken, LevelDB's log written, the main thread woken again). One per received chat
// message and node was 15–20 % of the daemons' CPU in the 10-node bench, and it sat on gossip's
// forwarding path: the topic validator answers once the entry is stored and applied.
//
// Order on disk is kept: every other write takes the queued operations with it first, in the same
// batch, so nothing derived from an entry (a snapshot, the load index) reaches the disk before it;
// the store's reads of entries wait for the queue (store.ts `settled`). Our own entries go at once,
// synced to disk, in one batch with what was queued. A crash of the process loses the received
// entries still queued: never synced to disk before either, and fetched again from any member.
import type { WriteOp } from './migrations.js'

export const WRITE_BEHIND_MS = 100
/** Queued bytes past which adding waits for the write (a catch-up's batches): memory stays bounded. */
export const WRITE_BEHIND_MAX_BYTES = 1024 * 1024
/** After a failed write, when the queued operations are tried again (they are kept). */
const RETRY_MS = 1_000

export type BatchWriter = (ops: WriteOp[], options: { sync: boolean }) => Promise<void>

interface Queued { op: WriteOp, behind: boolean }
interface Waiter { resolve: () => void, reject: (err: Error) => void }

/**
 * One queue for every write, in the order asked for; a write takes all that is queued as one
 * atomic batch, so the disk never holds an operation before one asked for earlier.
 */
export class WriteBehind {
  private queued: Queued[] = []
  private queuedBytes = 0
  private sync = false
  /** Callers waiting for the next batch: it holds everything queued when they asked. */
  private waiting: Waiter[] = []
  private writing = false
  private closed = false
  private timer: NodeJS.Timeout | undefined

  constructor (private readonly write: BatchWriter, private readonly delayMs = WRITE_BEHIND_MS, private readonly maxBytes = WRITE_BEHIND_MAX_BYTES) {}

  get pending (): number { return this.queued.length }

  /**
   * Queues `ops` to be written within the delay (kept through failed writes). A full queue is
   * written first: if that fails, `ops` are refused (not queued), so the queue stays bounded.
   */
  async add (ops: readonly WriteOp[]): Promise<void> {
    this.refuseIfClosed()
    if (this.queuedBytes >= this.maxBytes) await this.flush()
    this.push(ops, true)
    this.arm(this.delayMs)
  }

  /** Writes `ops` now, after and with everything queued before them (synced with `sync`); on failure they are not kept. */
  async writeNow (ops: readonly WriteOp[], options: { sync: boolean }): Promise<void> {
    this.refuseIfClosed()
    this.push(ops, false)
    if (ops.length > 0) this.sync ||= options.sync
    await this.flush()
  }

  /** Writes what is queued, then stops: no timer is left, and later writes are refused. */
  async close (): Promise<void> {
    try {
      await this.flush()
    } finally {
      this.closed = true
      clearTimeout(this.timer)
      this.timer = undefined
    }
  }

  /** Resolves once everything queued so far is written (at once if nothing is queued or being written). */
  async flush (): Promise<void> {
    if (this.queued.length === 0 && !this.writing) return
    await new Promise<void>((resolve, reject) => {
      this.waiting.push({ resolve, reject })
      if (!this.writing) void this.run()
    })
  }

  private refuseIfClosed (): void {
    if (this.closed) throw new Error('the store is closed')
  }

  private push (ops: readonly WriteOp[], behind: boolean): void {
    for (const op of ops) {
      this.queued.push({ op, behind })
      if (op.type === 'put') this.queuedBytes += op.value.byteLength
    }
  }

  private arm (ms: number): void {
    // A failure reaches whoever reads entries or writes next (they flush first), and is retried here.
    if (this.closed) return
    this.timer ??= setTimeout(() => { this.timer = undefined; this.flush().catch(() => undefined) }, ms)
  }

  /** Writes batch after batch while callers wait. */
  private async run (): Promise<void> {
    this.writing = true
    let failed = false
    while (this.waiting.length > 0) {
      clearTimeout(this.timer)
      this.timer = undefined
      const [batch, waiters, sync] = [this.queued, this.waiting, this.sync]
      this.queued = []
      this.queuedBytes = 0
      this.waiting = []
      this.sync = false
      try {
        if (batch.length > 0) await this.write(batch.map(q => q.op), { sync })
        for (const w of waiters) w.resolve()
        failed = false
      } catch (err) {
        // Received entries are kept, ahead of what came since; a caller's own write fails with it.
        const kept = batch.filter(q => q.behind)
        this.queued = [...kept, ...this.queued]
        for (const q of kept) if (q.op.type === 'put') this.queuedBytes += q.op.value.byteLength
        for (const w of waiters) w.reject(err as Error)
        failed = true
      }
    }
    this.writing = false
    // What is left (kept after a failure, or added during the last write) goes at the next tick.
    if (this.queued.length > 0) this.arm(failed ? RETRY_MS : this.delayMs)
  }
}
