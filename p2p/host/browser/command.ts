// `lifeboat ui --data DIR`: browser mode. Bridges the page to the daemon of DIR, or, when none
// runs, starts the node in this process (the shared bootstrap, with its control socket, so the
// CLI works alongside). Prints one line on stdout, {"event":"ui","url":"http://127.0.0.1:PORT/?token=…"},
// then serves until SIGINT/SIGTERM.
import path from 'node:path'
import { errorMessage } from '../../errors.js'
import type { Host, NodeFlags } from '../bootstrap.js'
import { passphraseProtection } from '../cli/passphrase.js'
import { connectControl, NoDaemonError } from '../control/client.js'
import { startUiServer, type UiServer } from './server.js'
import { onStopSignals } from '../stop-signals.js'

export interface UiOptions extends Omit<NodeFlags, 'rotateEveryMs'> {
  dataDir: string
  port?: number
  /** For a node started here: as for `lifeboat daemon`. */
  passphraseFile?: string
}

const say = (message: string): void => { process.stderr.write(`lifeboat ui: ${message}\n`) }

/** Starts a node for the folder here; the polyfill and libp2p load only on this path. */
async function startNode (dataDir: string, options: UiOptions): Promise<Host> {
  const { nodeSettings, startHost } = await import('../bootstrap.js')
  return await startHost({
    dataDir,
    protection: async (dir) => await passphraseProtection(dir, options.passphraseFile),
    node: nodeSettings(options)
  })
}

export async function runUi (options: UiOptions): Promise<void> {
  const dataDir = path.resolve(options.dataDir)
  let local: Host | undefined
  try {
    (await connectControl(dataDir)).close()
    say(`using the daemon running for ${dataDir}`)
  } catch (err) {
    if (!(err instanceof NoDaemonError)) throw err
    local = await startNode(dataDir, options)
    say(`no daemon was running for ${dataDir}; started the node in this process`)
  }
  let server: UiServer
  try {
    server = await startUiServer({ connect: async () => await connectControl(dataDir), ...(options.port === undefined ? {} : { port: options.port }) })
  } catch (err) {
    await local?.stop().catch(() => undefined)
    throw err
  }
  onStopSignals((signal, force) => {
    if (force) { say(`${signal} again; exiting now`); process.exit(1) }
    void (async () => {
      try {
        await server.close()
        await local?.stop()
        process.exit(0)
      } catch (err) {
        say(`shutdown failed: ${errorMessage(err)}`)
        process.exit(1)
      }
    })()
  })
  process.stdout.write(JSON.stringify({ event: 'ui', url: server.url }) + '\n')
  if (process.stdout.isTTY) say(`open ${server.url} in a browser on this computer; Ctrl-C to stop`)
}
