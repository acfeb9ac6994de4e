// Browser mode's web server: the renderer bundle and one WebSocket per page, on 127.0.0.1 only.
// Every request and upgrade passes guard.ts (Host, Origin, token) or gets 403; each accepted
// WebSocket is bridged (bridge.ts) to its own connection to the node.
import { randomBytes } from 'node:crypto'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Duplex } from 'node:stream'
import { WebSocketServer } from 'ws'
import { BROWSER_WS_PATH } from '../../api/bridge.js'
import { bridgeSocket, MAX_MESSAGE_BYTES, type BridgeTarget } from './bridge.js'
import { checkRequest, tokenCookieName, type GuardRequest } from './guard.js'
import { defaultRendererDir, securityHeaders, serveStatic } from './static.js'

export interface UiServerOptions {
  /** Opens the page's own connection to the node (e.g. connectControl(dataDir)). */
  connect: () => Promise<BridgeTarget>
  /** TCP port on 127.0.0.1; 0 (default) picks a free one. */
  port?: number
  /** The built renderer (default renderer/dist of this checkout). */
  rendererDir?: string
  /** Default: 32 random bytes, base64url. */
  token?: string
}

export interface UiServer {
  readonly port: number
  readonly token: string
  /** http://127.0.0.1:PORT/?token=… */
  readonly url: string
  close(): Promise<void>
}

const HOST = '127.0.0.1'

function guardRequest (req: http.IncomingMessage, upgrade: boolean): GuardRequest {
  const origin = req.headers.origin
  return { host: req.headers.host, origin, url: req.url ?? '/', cookie: req.headers.cookie, upgrade }
}

function refuse (res: http.ServerResponse, reason: string): void {
  res.writeHead(403, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' })
  res.end(`Forbidden: ${reason}. Open the link that \`lifeboat ui\` printed.\n`)
}

function refuseUpgrade (socket: Duplex, status: string): void {
  socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`)
}

export async function startUiServer (options: UiServerOptions): Promise<UiServer> {
  const token = options.token ?? randomBytes(32).toString('base64url')
  const rendererDir = options.rendererDir ?? defaultRendererDir()
  let port = 0
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES })

  const server = http.createServer((req, res) => {
    const decision = checkRequest(guardRequest(req, false), port, token)
    if (!decision.ok) return refuse(res, decision.reason)
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD' })
      res.end()
      return
    }
    const headers = securityHeaders(port)
    if (decision.viaQuery) {
      // The page's own requests (scripts, styles, WebSocket) then carry the token as a cookie.
      headers['Set-Cookie'] = `${tokenCookieName(port)}=${token}; Path=/; HttpOnly; SameSite=Strict`
    }
    let pathname: string
    try {
      pathname = new URL(req.url ?? '/', `http://${HOST}`).pathname
      decodeURIComponent(pathname)
    } catch {
      res.writeHead(400)
      res.end()
      return
    }
    serveStatic(res, rendererDir, pathname, headers, req.method === 'HEAD').catch(() => {
      if (!res.headersSent) res.writeHead(500)
      res.end()
    })
  })

  server.on('upgrade', (req, socket, head) => {
    socket.on('error', () => socket.destroy())
    const decision = checkRequest(guardRequest(req, true), port, token)
    if (!decision.ok) return refuseUpgrade(socket, '403 Forbidden')
    if (new URL(req.url ?? '/', `http://${HOST}`).pathname !== BROWSER_WS_PATH) return refuseUpgrade(socket, '404 Not Found')
    options.connect().then(
      (target) => {
        if (socket.destroyed) { target.close(); return }
        wss.handleUpgrade(req, socket, head, (ws) => bridgeSocket(ws, target))
      },
      () => refuseUpgrade(socket, '503 Service Unavailable')
    )
  })

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, HOST, () => { server.off('error', reject); resolve() })
  })
  port = (server.address() as AddressInfo).port

  return {
    port,
    token,
    url: `http://${HOST}:${port}/?token=${token}`,
    close: async () => {
      for (const ws of wss.clients) ws.close(1001, 'server stopping')
      wss.close()
      server.closeAllConnections()
      await new Promise<void>(resolve => server.close(() => resolve()))
    }
  }
}
