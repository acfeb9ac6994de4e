// Polling instead of sleeping: integration tests wait for a condition with a small interval and
// a hard deadline, so they are as fast as the system allows and fail with a clear message.

export interface WaitOptions {
  timeoutMs?: number
  intervalMs?: number
}

/**
 * Resolves with the first truthy value `check` returns; rejects after `timeoutMs` with `what`
 * (and the last error `check` threw, if any).
 */
export async function waitFor<T> (what: string, check: () => T | Promise<T>, options: WaitOptions = {}): Promise<NonNullable<T>> {
  const timeoutMs = options.timeoutMs ?? 10_000
  const intervalMs = options.intervalMs ?? 25
  const deadline = Date.now() + timeoutMs
  let lastError: unknown
  for (;;) {
    try {
      const value = await check()
      if (value !== undefined && value !== null && value !== false) return value as NonNullable<T>
      lastError = undefined
    } catch (err) {
      lastError = err
    }
    if (Date.now() >= deadline) {
      const cause = lastError === undefined ? '' : ` (last error: ${lastError instanceof Error ? lastError.message : String(lastError)})`
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${cause}`)
    }
    await sleep(intervalMs)
  }
}

export async function sleep (ms: number): Promise<void> {
  await new Promise(resolve => setTimeout(resolve, ms))
}

/** Rejects with `what` if `promise` has not settled after `ms`; the timer never outlives it. */
export async function withTimeout<T> (what: string, promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_resolve, reject) => { timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms} ms`)), ms) })
    ])
  } finally {
    clearTimeout(timer)
  }
}
