// Tasks that run one after another, each after the last has settled (a failed task does not stop
// the ones after it): an incident's changes from gossip, sync and local writes never interleave.
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve()

  async run<T> (task: () => Promise<T>): Promise<T> {
    const run = this.tail.then(task, task)
    this.tail = run.catch(() => undefined)
    return await run
  }

  /** Resolves when every task queued so far has settled. */
  async idle (): Promise<void> { await this.tail }
}
