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
import path from 'node:path'
import type { KeyNotice } from '../p2p/api/bridge.js'
import { errorMessage } from '../p2p/errors.js'
import { startHost, type Host, type NodeSettings } from '../p2p/host/bootstrap.js'
import { dataFolderKeyring, rewrapDataFolder } from '../p2p/storage/keyring-file.js'
import { chooseProtection, keychainProtection, PROTECTED_NOTICE } from './key-protection.js'
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
export interface NodeHost extends Host {
  /** What the window says about the data folder's key (at every start, until it changes). */
  readonly keyNotice: KeyNotice
  /** The key is unprotected and the OS keychain can protect it now: offer protectKey(). */
  readonly canProtectKey: boolean
  /** Re-wraps the unprotected key with the OS keychain; the key and the data stay the same. */
  protectKey(): Promise<KeyNotice>
}

/** The shared bootstrap (p2p/host/bootstrap.ts) with the OS keychain; the CLI not reaching the app is only a warning. */
export async function startNodeHost (options: NodeHostOptions): Promise<NodeHost> {
  const warn = options.warn ?? ((message: string) => { console.warn(`lifeboat: ${message}`) })
  const dataDir = path.resolve(options.dataDir)
  const { keychain } = options
  let notice: KeyNotice = PROTECTED_NOTICE
  let canProtect = false
  let shouldReEncrypt = false
  const host = await startHost({
    dataDir,
    node: options.node ?? {},
    protection: async (dir) => {
      const choice = await chooseProtection(keychain, await dataFolderKeyring(dir), () => { shouldReEncrypt = true })
      ;({ notice, canProtect } = choice)
      if (notice.state === 'unprotected') warn(notice.message)
      return choice.protection
    },
    onControlError: (err) => { warn(`the CLI cannot reach this app (no control socket): ${errorMessage(err)}`) }
  })
  if (shouldReEncrypt) { // the keychain's key changed: wrap ours again under the new one
    await rewrapDataFolder(dataDir, keychainProtection(keychain), keychainProtection(keychain))
      .catch((err: unknown) => { warn(`the OS keychain asked to re-encrypt this folder's key, which failed: ${errorMessage(err)}`) })
  }
  return {
    node: host.node,
    dataDir: host.dataDir,
    stop: host.stop,
    get keyNotice () { return notice },
    get canProtectKey () { return canProtect },
    protectKey: async () => {
      if (!canProtect) return notice
      await rewrapDataFolder(dataDir, { kind: 'none' }, keychainProtection(keychain))
      notice = PROTECTED_NOTICE
      canProtect = false
      return notice
    }
  }
}
