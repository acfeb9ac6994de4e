// `lifeboat ui --data DIR`: browser mode. Bridges the page to the daemon of DIR, or, when none
// runs, starts the node in this process (with its control socket, so the CLI works alongside).
// Prints one line on stdout, {"event":"ui","url":"http://127.0.0.1:PORT/?token=…"}, then serves
// until SIGINT/SIGTERM.
import path from 'node:path'
import { errorMessage } from '../errors.js'
import type { LifeboatNode, LifeboatOptions } from '../node/options.js'
import type { KeyProtection } from '../storage/keyring.js'
import { connectControl, NoDaemonError } from './control-client.js'
import { prepareDataDir } from './control-listen.js'
import type { ControlServer } from './control-server.js'
import { passphraseFromFile, passphraseFromPrompt } from './passphrase.js'
import { startUiServer, type UiServer } from './ui-server.js'

export interface UiOptions {
  dataDir: string
  port?: number
  /** For a node started here: as for `lifeboat daemon`. */
  listen?: string[]
  mdns?: boolean
  dht?: boolean
  name?: string
  passphraseFile?: string
}

interface InProcessNode { node: LifeboatNode, control: ControlServer }

const say = (message: string): void => { process.stderr.write(`lifeboat ui: ${message}\n`) }

async function protection (dataDir: string, options: UiOptions): Promise<KeyProtection> {
  if (options.passphraseFile !== undefined) return await passphraseFromFile(options.passphraseFile)
  if (process.stdin.isTTY) return await passphraseFromPrompt(dataDir)
  return { kind: 'none' }
}

/** Starts a node for the folder here; the polyfill and libp2p load only on this path. */
async function startNode (dataDir: string, options: UiOptions): Promise<InProcessNode> {
  const { createLifeboat } = await import('../index.js')
  const { startControlServer } = await import('./control-server.js')
  await prepareDataDir(dataDir)
  const nodeOptions: LifeboatOptions = { dataDir, mdns: options.mdns ?? true, dht: options.dht ?? true, protection: await protection(dataDir, options) }
  if (options.listen !== undefined && options.listen.length > 0) nodeOptions.listen = options.listen
  if (options.name !== undefined) nodeOptions.name = options.name
  const node = await createLifeboat(nodeOptions)
  try {
    return { node, control: await startControlServer(node, dataDir) }
  } catch (err) {
    await node.stop().catch(() => undefined)
    throw err
  }
}

export async function runUi (options: UiOptions): Promise<void> {
  const dataDir = path.resolve(options.dataDir)
  let local: InProcessNode | undefined
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
    await local?.control.close().catch(() => undefined)
    await local?.node.stop().catch(() => undefined)
    throw err
  }
  let stopping = false
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) { say(`${signal} again; exiting now`); process.exit(1) }
    stopping = true
    void (async () => {
      try {
        await server.close()
        await local?.control.close()
        await local?.node.stop()
        process.exit(0)
      } catch (err) {
        say(`shutdown failed: ${errorMessage(err)}`)
        process.exit(1)
      }
    })()
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
  process.stdout.write(JSON.stringify({ event: 'ui', url: server.url }) + '\n')
}
