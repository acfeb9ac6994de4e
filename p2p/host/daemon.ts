// The headless daemon: one Lifeboat node for one data folder, served on its control socket
// until SIGINT/SIGTERM. Speaks to whoever started it through exactly one stdout line when ready
// ({"event":"ready","peerId":…,"addrs":[…]}), one stderr line on failure, and its exit code.
import { stat } from 'node:fs/promises'
import path from 'node:path'
import { errorMessage } from '../errors.js'
import { createLifeboat } from '../index.js'
import type { LifeboatNode, LifeboatOptions } from '../node/options.js'
import { assertNoLiveDaemon, prepareDataDir } from './control-listen.js'
import { startControlServer, type ControlServer } from './control-server.js'
import { passphraseFromFile, passphraseFromPrompt } from './passphrase.js'
import type { KeyProtection } from '../storage/keyring.js'

export interface DaemonOptions {
  dataDir: string
  listen?: string[]
  mdns?: boolean
  dht?: boolean
  name?: string
  /** First line of this file is the data folder's passphrase; else a terminal prompt, else none. */
  passphraseFile?: string
  rotateEveryMs?: number
}

const SHUTDOWN_TIMEOUT_MS = 30_000

function fatal (message: string): never {
  process.stderr.write(`lifeboat daemon: ${message.replace(/\s*\n\s*/g, ' ')}\n`)
  process.exit(1)
}

/** The folder holds the device's keys: say so when an existing one is open to other users. */
async function warnIfShared (dataDir: string): Promise<void> {
  if (process.platform === 'win32') return
  const mode = (await stat(dataDir)).mode & 0o777
  if ((mode & 0o077) !== 0) {
    process.stderr.write(`lifeboat daemon: warning: ${dataDir} is accessible by other users (mode ${mode.toString(8)}); consider chmod 700\n`)
  }
}

async function protection (dataDir: string, options: DaemonOptions): Promise<KeyProtection> {
  if (options.passphraseFile !== undefined) return await passphraseFromFile(options.passphraseFile)
  if (process.stdin.isTTY) return await passphraseFromPrompt(dataDir)
  return { kind: 'none' }
}

async function nodeOptions (dataDir: string, options: DaemonOptions): Promise<LifeboatOptions> {
  const out: LifeboatOptions = { dataDir, mdns: options.mdns ?? true, dht: options.dht ?? true, protection: await protection(dataDir, options) }
  if (options.listen !== undefined && options.listen.length > 0) out.listen = options.listen
  if (options.name !== undefined) out.name = options.name
  if (options.rotateEveryMs !== undefined) out.rotateEveryMs = options.rotateEveryMs
  return out
}

/** Starts the daemon and returns once it is ready; the process then runs until a signal. */
export async function runDaemon (options: DaemonOptions): Promise<void> {
  const dataDir = path.resolve(options.dataDir)
  let node: LifeboatNode | undefined
  let server: ControlServer | undefined
  let state: 'starting' | 'running' | 'stopping' = 'starting'
  let stopRequested = false

  const stop = async (): Promise<never> => {
    state = 'stopping'
    setTimeout(() => fatal(`shutdown took longer than ${SHUTDOWN_TIMEOUT_MS / 1000} s; exiting anyway`), SHUTDOWN_TIMEOUT_MS).unref()
    try {
      await server?.close() // first no new calls, and the calls in flight finish…
      await node?.stop() // …then the node flushes its store and leaves the network
    } catch (err) {
      fatal(`shutdown failed: ${errorMessage(err)}`)
    }
    process.exit(0)
  }

  const onSignal = (signal: NodeJS.Signals): void => {
    if (state === 'stopping' || (state === 'starting' && stopRequested)) fatal(`${signal} again; exiting without a clean shutdown`)
    if (state === 'starting') { // finished below, once startup settles
      stopRequested = true
      process.stderr.write(`lifeboat daemon: ${signal}: stopping as soon as startup finishes (${signal} again to force)\n`)
      return
    }
    void stop()
  }
  process.on('SIGINT', onSignal)
  process.on('SIGTERM', onSignal)

  try {
    await assertNoLiveDaemon(dataDir) // before the node opens (and fights over) the store
    await prepareDataDir(dataDir)
    await warnIfShared(dataDir)
    node = await createLifeboat(await nodeOptions(dataDir, options))
    if (!stopRequested) server = await startControlServer(node, dataDir)
  } catch (err) {
    await node?.stop().catch(() => {})
    fatal(`cannot start: ${errorMessage(err)}`)
  }
  if (stopRequested) await stop()
  state = 'running'
  process.stdout.write(JSON.stringify({ event: 'ready', peerId: node.peerId, addrs: node.addrs() }) + '\n')
}
