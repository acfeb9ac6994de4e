// Runs the Lifeboat node for the desktop app, in the main process (see the reasons below), on
// the app's data folder, with the folder's key protected by the OS keychain. It also serves the
// folder's control socket, so `bin/lifeboat … --data <folder>` works against the running app
// just as against a daemon. Nothing here imports electron: the keychain is injected, and
// test/unit/main/node-host.test.ts runs this in plain Node.
//
// Why in the main process rather than a utilityProcess:
// - safeStorage (the OS keychain) exists only in the main process, so a utility process would
//   need a key-wrapping RPC back to main before it could even open its store;
// - every API call and event would cross one more process boundary (renderer → main → utility)
//   with its own serialisation, lifecycle and crash handling, all code that cannot be exercised
//   here because the Electron binary cannot be downloaded on this machine;
// - the node is the same single-process program as the headless daemon, whose load is measured.
// The cost: a long synchronous task in the node (a large Yjs compaction) delays main's event loop
// (window events, IPC) while it runs. If that shows up, this file is the one to change: ipc.ts
// takes any LifeboatApi, so a utilityProcess-backed API slots in without touching the rest.
import { access } from 'node:fs/promises'
import path from 'node:path'
import { errorMessage } from '../p2p/errors.js'
import { startHost, type Host, type NodeSettings } from '../p2p/host/bootstrap.js'
import { KEYRING_FILE } from '../p2p/storage/keyring-file.js'
import { chooseProtection } from './key-protection.js'
import type { Keychain } from './key-protection.js'

export interface NodeHostOptions {
  dataDir: string
  keychain: Keychain
  /** Overrides of the node's options (tests listen on 127.0.0.1 without mDNS and DHT). */
  node?: NodeSettings
  /** Warnings worth a person's attention (default: console.warn). */
  warn?: (message: string) => void
}

/** The running node; stop() closes the control socket (letting calls in flight finish), then stops the node. Idempotent. */
export type NodeHost = Host

async function exists (file: string): Promise<boolean> {
  return await access(file).then(() => true, () => false)
}

/** The shared bootstrap (p2p/host/bootstrap.ts) with the OS keychain; the CLI not reaching the app is only a warning. */
export async function startNodeHost (options: NodeHostOptions): Promise<NodeHost> {
  const warn = options.warn ?? ((message: string) => { console.warn(`lifeboat: ${message}`) })
  return await startHost({
    dataDir: path.resolve(options.dataDir),
    node: options.node ?? {},
    protection: async (dataDir) => {
      const choice = await chooseProtection(options.keychain, await exists(path.join(dataDir, KEYRING_FILE)))
      if (choice.warning !== undefined) warn(choice.warning)
      return choice.protection
    },
    onControlError: (err) => { warn(`the CLI cannot reach this app (no control socket): ${errorMessage(err)}`) }
  })
}
