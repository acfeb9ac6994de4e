// Who may talk to the browser-mode server: a pure decision over one HTTP request or WebSocket
// upgrade. The server listens on 127.0.0.1 only, and still every request must
//   - name this server in Host (127.0.0.1:PORT or localhost:PORT): defeats DNS rebinding, where a
//     foreign site resolves its own name to 127.0.0.1 and its pages then reach us "same-origin";
//   - come from this server's own pages if it says where it comes from (Origin), and always say so
//     for a WebSocket (browsers send Origin on every upgrade; a foreign page cannot forge it);
//   - carry the random token: in the URL (`?token=`, the link printed at start) or in the cookie
//     the server sets when that link is first opened (so the page's scripts and styles load).
import { timingSafeEqual } from 'node:crypto'

export interface GuardRequest {
  host: string | undefined
  origin: string | undefined
  /** The request's path and query, as in the request line. */
  url: string
  cookie: string | undefined
  /** A WebSocket upgrade (Origin required). */
  upgrade: boolean
}

export type GuardDecision = { ok: true, viaQuery: boolean } | { ok: false, reason: string }

export const tokenCookieName = (port: number): string => `lifeboat_ui_${port}`

export function allowedHosts (port: number): string[] {
  return [`127.0.0.1:${port}`, `localhost:${port}`]
}

function sameSecret (a: string, b: string): boolean {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}

export function cookieValue (header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=')
    if (eq !== -1 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim()
  }
  return undefined
}

export function checkRequest (req: GuardRequest, port: number, token: string): GuardDecision {
  const hosts = allowedHosts(port)
  if (req.host === undefined || !hosts.includes(req.host.toLowerCase())) return { ok: false, reason: 'foreign Host' }
  if (req.origin !== undefined || req.upgrade) {
    const origins = hosts.map(h => `http://${h}`)
    if (req.origin === undefined || !origins.includes(req.origin.toLowerCase())) return { ok: false, reason: 'foreign Origin' }
  }
  let query: string | null
  try {
    query = new URL(req.url, 'http://127.0.0.1').searchParams.get('token')
  } catch {
    return { ok: false, reason: 'bad URL' }
  }
  if (query !== null && sameSecret(query, token)) return { ok: true, viaQuery: true }
  const cookie = cookieValue(req.cookie, tokenCookieName(port))
  if (query === null && cookie !== undefined && sameSecret(cookie, token)) return { ok: true, viaQuery: false }
  return { ok: false, reason: 'missing or wrong token' }
}
