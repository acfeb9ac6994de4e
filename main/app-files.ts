// What the app:// protocol serves: files of the built renderer (renderer/dist) and nothing
// else. A request is refused unless it is for app://lifeboat/… and, once decoded, stays inside
// the renderer folder. Pure apart from the injected file reader, so it is unit-tested in Node.
import path from 'node:path'
import { APP_HOST, APP_SCHEME } from './app-origin.js'
import { SECURITY_HEADERS } from './csp.js'

const MIME_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm'
}

export function contentTypeOf (file: string): string {
  return MIME_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream'
}

export type AppPath =
  | { ok: true, file: string }
  | { ok: false, status: 400 | 403 | 404, reason: string }

/** The file under `root` that an app:// URL names, or why it is refused. */
export function resolveAppPath (root: string, url: string): AppPath {
  let parsed: URL
  try { parsed = new URL(url) } catch { return { ok: false, status: 400, reason: 'not a URL' } }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST) return { ok: false, status: 403, reason: `not ${APP_SCHEME}://${APP_HOST}` }
  let pathname: string
  try { pathname = decodeURIComponent(parsed.pathname) } catch { return { ok: false, status: 400, reason: 'bad percent-encoding' } }
  if (pathname.includes('\0') || pathname.includes('\\') || pathname.includes(':')) return { ok: false, status: 400, reason: 'bad character in path' }
  const segments = pathname.split('/').filter(s => s.length > 0)
  if (segments.some(s => s === '..' || s === '.')) return { ok: false, status: 403, reason: 'path leaves the app folder' }
  if (segments.length === 0) segments.push('index.html')
  const base = path.resolve(root)
  const file = path.resolve(base, ...segments)
  const rel = path.relative(base, file)
  if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) return { ok: false, status: 403, reason: 'path leaves the app folder' }
  return { ok: true, file }
}

export interface AppResponse { status: number, headers: Record<string, string>, body: Uint8Array | string }

const NOT_BUILT_PAGE = '<!doctype html><meta charset="utf-8"><title>Lifeboat</title>' +
  '<p>Lifeboat\'s window is not built: run <code>npm run build</code> in the Lifeboat folder, then start it again.</p>'

function isNotFound (err: unknown): boolean {
  const code = typeof err === 'object' && err !== null && 'code' in err ? err.code : undefined
  return code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR'
}

/**
 * Answers one app:// request from `root`. A path without an extension that names no file is
 * the single-page app's own route, answered with index.html; a missing index.html gets a short
 * page saying the renderer is not built.
 */
export async function serveAppRequest (root: string, url: string, readFile: (file: string) => Promise<Uint8Array>, method = 'GET'): Promise<AppResponse> {
  const plain = (status: number, text: string): AppResponse => ({ status, headers: { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' }, body: text })
  if (method !== 'GET' && method !== 'HEAD') return plain(405, 'method not allowed')
  const resolved = resolveAppPath(root, url)
  if (!resolved.ok) return plain(resolved.status, resolved.reason)
  const index = path.join(path.resolve(root), 'index.html')
  const candidates = [resolved.file]
  if (path.extname(resolved.file) === '' && resolved.file !== index) candidates.push(index)
  for (const file of candidates) {
    try {
      const body = await readFile(file)
      return { status: 200, headers: { ...SECURITY_HEADERS, 'Content-Type': contentTypeOf(file) }, body }
    } catch (err) {
      if (!isNotFound(err)) return plain(500, 'cannot read the file')
    }
  }
  if (candidates.includes(index)) return { status: 404, headers: { ...SECURITY_HEADERS, 'Content-Type': 'text/html; charset=utf-8' }, body: NOT_BUILT_PAGE }
  return plain(404, 'not found')
}
