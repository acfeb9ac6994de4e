// The app:// scheme: registered as privileged (standard, secure) before the app is ready, then
// served from the built renderer folder (app-files.ts decides what each URL gets).
import { readFile } from 'node:fs/promises'
import { protocol } from 'electron'
import type { Session } from 'electron'
import { APP_SCHEME } from './app-origin.js'
import { serveAppRequest } from './app-files.js'

/** Must run before the app's 'ready' event. Not bypassCSP: the page's CSP applies in full. */
export function registerAppScheme (): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } }
  ])
}

/** Serves app://lifeboat/… from `root` (renderer/dist) in `session`. */
export function serveApp (session: Session, root: string): void {
  session.protocol.handle(APP_SCHEME, async (request) => {
    const res = await serveAppRequest(root, request.url, async (file) => new Uint8Array(await readFile(file)), request.method)
    return new Response(request.method === 'HEAD' ? null : res.body, { status: res.status, headers: res.headers })
  })
}
