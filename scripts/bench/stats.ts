// Small statistics and timing helpers for the benchmark.
import { performance } from 'node:perf_hooks'

/** Milliseconds on one clock for the whole bench process (sends and arrivals are stamped here). */
export function now (): number {
  return performance.timeOrigin + performance.now()
}

/** The p-th percentile (0–100) by the nearest-rank method; NaN for no samples. */
export function percentile (samples: readonly number[], p: number): number {
  if (samples.length === 0) return NaN
  const sorted = [...samples].sort((a, b) => a - b)
  const rank = Math.ceil((p / 100) * sorted.length)
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))] as number
}

export function median (samples: readonly number[]): number { return percentile(samples, 50) }

export function mean (samples: readonly number[]): number {
  return samples.length === 0 ? NaN : samples.reduce((a, b) => a + b, 0) / samples.length
}

export function max (samples: readonly number[]): number {
  return samples.length === 0 ? NaN : samples.reduce((a, b) => Math.max(a, b), -Infinity)
}

export async function sleep (ms: number): Promise<void> {
  await new Promise(resolve => setTimeout(resolve, ms))
}

/** Polls `check` until it returns a truthy value (`intervalMs` may change between polls); throws after `timeoutMs` with `what`. */
export async function waitFor<T> (what: string, check: () => T | Promise<T>, { timeoutMs = 30_000, intervalMs = 25 as number | (() => number) } = {}): Promise<NonNullable<T>> {
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
    await sleep(typeof intervalMs === 'number' ? intervalMs : intervalMs())
  }
}

/** Runs `fn` over `items` with at most `limit` running at once; results in input order. */
export async function mapLimit<T, R> (items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length)
  let next = 0
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++
      out[i] = await fn(items[i] as T, i)
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker))
  return out
}
