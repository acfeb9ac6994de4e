// Starting and stopping a node on a data folder, the same for every host: the headless daemon
// (daemon.ts), browser mode when no daemon runs (browser/command.ts) and the desktop app
// (main/node-host.ts). In order: create the folder owner-only (refusing one another user owns),
// refuse a folder another node serves, decide how its key is protected, open the node, serve
// its control socket (so the CLI reaches it). Stopping closes the socket first (calls in flight finish), then the node.
// Each host keeps only what differs: where the key protection comes from, and what it says.
import { checkDisplayName } from '../identity/display-name.js'
import { createLifeboat } from '../index.js'
import type { LifeboatNode, LifeboatOptions } from '../node/options.js'
import type { KeyProtection } from '../storage/keyring.js'
import { assertNoLiveDaemon, prepareDataDir } from './control/listen.js'
import { startControlServer, type ControlServer } from './control/server.js'

export type NodeSettings = Omit<LifeboatOptions, 'dataDir' | 'protection'>

export interface HostOptions {
  /** Absolute path of the data folder. */
  dataDir: string
  /** How the folder's key is protected; asked once the folder exists (a passphrase prompt, the OS keychain). */
  protection: (dataDir: string) => Promise<KeyProtection>
  node?: NodeSettings
  /** Runs once the folder exists, before the node opens it (the daemon warns about its mode). */
  checkFolder?: (dataDir: string) => Promise<void>
  /**
   * The desktop app's node is useful without a control socket: there this reports why and
   * start-up goes on. Without it (daemon, browser mode) no control socket fails the start.
   */
  onControlError?: (err: unknown) => void
  /** Aborted during start-up (a signal): the node opens but serves no control socket; stop it. */
  signal?: AbortSignal
}

export interface Host {
  readonly node: LifeboatNode
  readonly dataDir: string
  /** Closes the control socket (letting calls in flight finish), then stops the node. Idempotent. */
  stop(): Promise<void>
}

/**
 * The flags the daemon and browser mode share; `--listen` given no address means the default;
 * `listenPort` (`--port` / `--p2p-port`) is the TCP port for listen addresses with port 0.
 */
export interface NodeFlags { listen?: string[], listenPort?: number, mdns?: boolean, dht?: boolean, name?: string, rotateEveryMs?: number, relayOnly?: boolean }

/** The node's settings from the flags; a --name the join would refuse is refused here, before any prompt. */
export function nodeSettings ({ listen, listenPort, mdns, dht, name, rotateEveryMs, relayOnly }: NodeFlags): NodeSettings {
  return {
    mdns, dht, rotateEveryMs,
    ...(relayOnly === true ? { relayOnly } : {}),
    ...(listenPort === undefined ? {} : { port: listenPort }),
    ...(name === undefined ? {} : { name: checkDisplayName(name) }),
    ...(listen !== undefined && listen.length > 0 ? { listen } : {})
  }
}

export async function startHost (options: HostOptions): Promise<Host> {
  const { dataDir } = options
  await prepareDataDir(dataDir) // and refuse one another user owns, before touching anything in it
  await assertNoLiveDaemon(dataDir) // before the node opens (and fights over) the store
  await options.checkFolder?.(dataDir)
  const node = await createLifeboat({ ...options.node, dataDir, protection: await options.protection(dataDir) })
  let control: ControlServer | undefined
  if (options.signal?.aborted !== true) {
    try {
      control = await startControlServer(node, dataDir)
    } catch (err) {
      if (options.onControlError === undefined) {
        await node.stop().catch(() => {})
        throw err
      }
      options.onControlError(err)
    }
  }
  const stop = async (): Promise<void> => {
    try {
      await control?.close()
    } finally {
      await node.stop()
    }
  }
  let stopping: Promise<void> | undefined
  return { node, dataDir, stop: async () => { stopping ??= stop(); await stopping } }
}
