// The headless daemon: one Lifeboat node for one data folder, served on its control socket
// until SIGINT/SIGTERM. Speaks to whoever started it through exactly one stdout line when ready
// ({"event":"ready","peerId":…,"addrs":[…]}), one stderr line on failure, and its exit code.
// Start-up and the ordered stop are the shared bootstrap's (bootstrap.ts).
import { stat } from 'node:fs/promises'
import path from 'node:path'
import { errorMessage } from '../errors.js'
import { nodeSettings, startHost, type Host, type NodeFlags } from './bootstrap.js'
import { passphraseProtection } from './cli/passphrase.js'
import { onStopSignals } from './stop-signals.js'

export interface DaemonOptions extends NodeFlags {
  dataDir: string
  /** First line of this file is the data folder's passphrase; else a terminal prompt, else none. */
  passphraseFile?: string
  /** Invite links to join before reporting ready (`lifeboat relay --join`); one that fails stops the start. */
  join?: string[]
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

/** Starts the daemon and returns once it is ready; the process then runs until a signal. */
export async function runDaemon (options: DaemonOptions): Promise<void> {
  const dataDir = path.resolve(options.dataDir)
  let host: Host | undefined
  let state: 'starting' | 'running' | 'stopping' = 'starting'
  const stopRequested = new AbortController()

  const stop = async (): Promise<never> => {
    state = 'stopping'
    setTimeout(() => fatal(`shutdown took longer than ${SHUTDOWN_TIMEOUT_MS / 1000} s; exiting anyway`), SHUTDOWN_TIMEOUT_MS).unref()
    try {
      await host?.stop() // calls in flight finish, then the node flushes its store and leaves the network
    } catch (err) {
      fatal(`shutdown failed: ${errorMessage(err)}`)
    }
    process.exit(0)
  }

  onStopSignals((signal, force) => {
    if (force) fatal(`${signal} again; exiting without a clean shutdown`)
    if (state === 'starting') { // finished below, once startup settles
      stopRequested.abort()
      process.stderr.write(`lifeboat daemon: ${signal}: stopping as soon as startup finishes (${signal} again to force)\n`)
      return
    }
    void stop()
  })

  try {
    host = await startHost({
      dataDir,
      checkFolder: warnIfShared,
      protection: async (dir) => await passphraseProtection(dir, options.passphraseFile),
      node: nodeSettings(options),
      signal: stopRequested.signal
    })
  } catch (err) {
    fatal(`cannot start: ${errorMessage(err)}`)
  }
  if (stopRequested.signal.aborted) await stop()
  for (const invite of options.join ?? []) {
    try {
      await host.node.call('join', { invite })
    } catch (err) {
      process.stderr.write(`lifeboat daemon: cannot join: ${errorMessage(err).replace(/\s*\n\s*/g, ' ')}\n`)
      await host.stop().catch(() => {})
      process.exit(1)
    }
  }
  state = 'running'
  process.stdout.write(JSON.stringify({ event: 'ready', peerId: host.node.peerId, addrs: host.node.addrs() }) + '\n')
  // Scripts read the JSON line; a person at a terminal gets one sentence too.
  if (process.stdout.isTTY) process.stderr.write(`lifeboat daemon: ready for ${dataDir} as ${host.node.peerId}, reachable at ${host.node.addrs().join(', ') || 'no address yet'}; Ctrl-C to stop\n`)
}
