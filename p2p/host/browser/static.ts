// Serves the built renderer bundle (renderer/dist) for browser mode: only files inside that
// folder, with strict security headers. Paths that are not files get index.html (the page is
// one document; there is no client-side routing to 404).
import { readFile, stat } from 'node:fs/promises'
import type { ServerResponse } from 'node:http'
import path from 'node:path'
import { packageRoot } from '../../package-root.js'

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json'
}

/** renderer/dist in the package (the compiled tree, the CLI bundle and the source tree alike). */
export function defaultRendererDir (): string {
  return path.join(packageRoot(), 'renderer', 'dist')
}

/** The page's Content-Security-Policy: its own scripts only, and the WebSocket of this server. */
export function contentSecurityPolicy (port: number): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    // CodeMirror writes its theme into <style> elements at run time.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src 'self' ws://127.0.0.1:${port} ws://localhost:${port}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'"
  ].join('; ')
}

export function securityHeaders (port: number): Record<string, string> {
  return {
    'Content-Security-Policy': contentSecurityPolicy(port),
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    // The page's own voice calls (issue 18) need the microphone; no frame or other origin gets it.
    'Permissions-Policy': 'camera=(), microphone=(self), geolocation=()'
  }
}

async function isFile (file: string): Promise<boolean> {
  try { return (await stat(file)).isFile() } catch { return false }
}

/** Writes the file for `pathname` (already decoded by the caller's URL parser), or index.html. */
export async function serveStatic (res: ServerResponse, rootDir: string, pathname: string, headers: Record<string, string>, headOnly: boolean): Promise<void> {
  const root = path.resolve(rootDir)
  let file = path.resolve(root, '.' + path.posix.normalize('/' + decodeURIComponent(pathname)))
  if (file !== root && !file.startsWith(root + path.sep)) file = path.join(root, 'index.html')
  if (!(await isFile(file))) file = path.join(root, 'index.html')
  let body: Buffer
  try {
    body = await readFile(file)
  } catch {
    res.writeHead(503, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' })
    res.end(`The Lifeboat UI is not built (no ${path.join(root, 'index.html')}); run \`npm run build\`.\n`)
    return
  }
  const type = TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream'
  const cache = file.includes(`${path.sep}assets${path.sep}`) ? 'private, max-age=31536000, immutable' : 'no-store'
  res.writeHead(200, { ...headers, 'Content-Type': type, 'Content-Length': String(body.length), 'Cache-Control': cache })
  res.end(headOnly ? undefined : body)
}
