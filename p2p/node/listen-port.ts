// The TCP port a data folder listens on, kept across restarts: every address members saved and
// every invite handed out names this port, so a node that came back on a new random port would
// be unreachable to all of them. The port lives in a small file in the data folder (it is no
// secret). A listen address with port 0 means "last time's port if it is free, else any".
import { randomInt } from 'node:crypto'
import { readFile, writeFile } from 'node:fs/promises'
import { createServer } from 'node:net'
import { join } from 'node:path'

const PORT_FILE = 'listen-port'
const TCP_ADDR = /^\/(ip4|ip6)\/([^/]+)\/tcp\/(\d+)$/

/** Host and port of a plain `/ip4|ip6/HOST/tcp/PORT` address; undefined for anything else. */
export function tcpListenAddr (addr: string): { host: string, port: number } | undefined {
  const match = TCP_ADDR.exec(addr)
  return match === null ? undefined : { host: match[2] ?? '', port: Number(match[3]) }
}

/** The address with its TCP port replaced. */
function withPort (addr: string, port: number): string {
  return addr.replace(/\/tcp\/\d+$/, `/tcp/${port}`)
}

/** Whether `port` is free on `host` right now (another process could still take it before us). */
export async function isPortFree (host: string, port: number): Promise<boolean> {
  return await new Promise(resolve => {
    const probe = createServer()
    probe.once('error', () => resolve(false))
    probe.listen({ host, port, exclusive: true }, () => probe.close(() => resolve(true)))
  })
}

export async function readRememberedPort (dataDir: string): Promise<number | undefined> {
  const text = await readFile(join(dataDir, PORT_FILE), 'utf8').catch(() => undefined)
  const port = Number(text?.trim())
  return Number.isInteger(port) && port > 0 && port <= 65535 ? port : undefined
}

export async function rememberPort (dataDir: string, port: number): Promise<void> {
  await writeFile(join(dataDir, PORT_FILE), `${port}\n`, { mode: 0o600 })
}

/**
 * Where a fresh folder's port is drawn from: below the ephemeral ranges of Linux (32768–60999),
 * Windows and macOS (49152–65535). A port the system hands out for an outgoing connection can be
 * taken by one between our check and libp2p's bind (a daemon then failed to start with
 * EADDRINUSE while tests opened many connections); one from this range cannot.
 */
const FRESH_PORTS = { from: 20_000, to: 32_767 }

/** A port free on `host` now (libp2p binds it moments later). */
async function anyFreePort (host: string): Promise<number> {
  for (let attempt = 0; attempt < 32; attempt++) {
    const port = randomInt(FRESH_PORTS.from, FRESH_PORTS.to + 1)
    if (await isPortFree(host, port)) return port
  }
  return await systemFreePort(host)
}

/** A port the system calls free on `host` now (from its ephemeral range). */
async function systemFreePort (host: string): Promise<number> {
  return await new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen({ host, port: 0 }, () => {
      const address = probe.address()
      probe.close(() => {
        if (typeof address === 'object' && address !== null) resolve(address.port)
        else reject(new Error(`no free TCP port on ${host}`))
      })
    })
  })
}

/**
 * The addresses to listen on, every TCP port concrete (so it can be remembered before start):
 * port 0 becomes `chosen` (--port) if given, else the remembered port where it is free on that
 * host, else a free one; `warn` is told when the remembered port is taken.
 */
export async function resolveListenAddrs (listen: string[], choice: { chosen?: number, remembered?: number }, warn: (message: string) => void): Promise<string[]> {
  const resolved: string[] = []
  for (const addr of listen) {
    const tcp = tcpListenAddr(addr)
    if (tcp === undefined || tcp.port !== 0) resolved.push(addr)
    else if (choice.chosen !== undefined) resolved.push(withPort(addr, choice.chosen))
    else if (choice.remembered !== undefined && await isPortFree(tcp.host, choice.remembered)) resolved.push(withPort(addr, choice.remembered))
    else {
      const port = await anyFreePort(tcp.host)
      if (choice.remembered !== undefined) warn(`port ${choice.remembered} used last time is taken on ${tcp.host}; listening on ${port} instead (members who saved the old port need a new invite or a connect)`)
      resolved.push(withPort(addr, port))
    }
  }
  return resolved
}

/** The first TCP port among the listen addresses, to remember for next time. */
export function firstTcpPort (addrs: string[]): number | undefined {
  for (const addr of addrs) {
    const port = tcpListenAddr(addr)?.port
    if (port !== undefined && port > 0) return port
  }
  return undefined
}
