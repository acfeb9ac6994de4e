// What every end-to-end file shares: Debian's Chromium with the flags this machine needs, and a
// poll for page state (Playwright's own expect is not part of playwright-core).
export const CHROMIUM = '/usr/bin/chromium'
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync']

/** Polls until `check` returns true, or fails naming `what` and the last error. */
export async function until (what: string, check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs
  let last: unknown
  while (Date.now() < end) {
    try { if (await check()) return } catch (err) { last = err }
    await new Promise(resolve => setTimeout(resolve, 200))
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last === undefined ? '' : ` (last error: ${String(last)})`}`)
}
