// The app's own origin. The renderer is served from a privileged, secure custom scheme
// (app://lifeboat/…, see app-protocol.ts), never from file://, so that the page has a real
// origin that the CSP, the IPC sender checks and the permission handler can test for.

export const APP_SCHEME = 'app'
export const APP_HOST = 'lifeboat'
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`
export const APP_START_URL = `${APP_ORIGIN}/index.html`

/** Whether a URL is on the app's own origin. Node's URL gives `null` origins for custom schemes, so the parts are compared. */
export function isAppUrl (url: string): boolean {
  let parsed: URL
  try { parsed = new URL(url) } catch { return false }
  return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST && parsed.username === '' && parsed.password === ''
}

/** scheme://host of a URL, for messages (bounded, never the whole URL). */
export function describeOrigin (url: string): string {
  try {
    const parsed = new URL(url)
    return `${parsed.protocol}//${parsed.host}`.slice(0, 100)
  } catch {
    return JSON.stringify(url.slice(0, 60))
  }
}
