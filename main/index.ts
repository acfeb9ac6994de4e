// The Electron main process: lifecycle, one instance per data folder, `lifeboat://` links, and
// wiring the window (window.ts), the app:// files (app-protocol.ts), the node (node-host.ts), the
// IPC adapter (ipc.ts) and desktop notifications (notifications.ts) together.
//
// Everything that must happen before the app is ready runs synchronously at the top level of
// this ES module (no top-level await: the 'ready' event would fire before it finishes).
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { app, dialog, safeStorage, session } from 'electron'
import type { BrowserWindow } from 'electron'
import type { KeyNotice, ShellEvents } from '../p2p/api/bridge.js'
import { hasErrorCode } from '../p2p/api/error-codes.js'
import type { EventName } from '../p2p/api/types.js'
import { errorMessage } from '../p2p/errors.js'
import { APP_NAME, defaultDataDir } from '../p2p/host/paths.js'
import { registerAppScheme, serveApp } from './app-protocol.js'
import { CHANNELS } from './channels.js'
import { registerIpc } from './ipc.js'
import type { Keychain } from './key-protection.js'
import { dataDirFromArgv, joinLinkFrom, joinLinkFromArgv, PROTOCOL_SCHEME } from './links.js'
import { startNodeHost } from './node-host.js'
import type { NodeHost } from './node-host.js'
import { startDesktopNotifier } from './notifications.js'
import { createMainWindow, hardenSession, lockDownContents } from './window.js'

const here = path.dirname(fileURLToPath(import.meta.url)) // dist/main
const PRELOAD = path.join(here, 'preload.cjs')
const STOP_TIMEOUT_MS = 15_000

// --- before ready ---------------------------------------------------------------------------
app.setName(APP_NAME)
// The data folder is the CLI's default one (p2p/host/paths.ts computes what Electron would),
// or `--data DIR`; the single-instance lock below is per data folder. Chromium's own files go
// to a subfolder so they stay apart from the node's store.
const dataDir = path.resolve(dataDirFromArgv(process.argv) ?? defaultDataDir())
app.setPath('userData', dataDir)
app.setPath('sessionData', path.join(dataDir, 'chromium'))
app.enableSandbox()
registerAppScheme()

if (!app.requestSingleInstanceLock()) {
  // Another instance owns this data folder; it received our argv (and any link) and takes over.
  app.quit()
} else {
  runApp()
}

function runApp (): void {
  let win: BrowserWindow | null = null
  let pageReady = false
  /** Shell events for a page that has not subscribed yet (a link that launched the app, a notification click). */
  const held: Array<[keyof ShellEvents, unknown]> = []
  let host: NodeHost | undefined
  let quitting = false
  /** Sent to every page that loads, so the banner of an unprotected key survives reloads. */
  let keyNotice: KeyNotice | undefined

  const sendToPage = (event: EventName | keyof ShellEvents, payload: unknown): void => {
    if (win === null || win.isDestroyed() || !pageReady) return
    win.webContents.send(CHANNELS.event, event, payload)
  }
  const showWindow = (): void => {
    if (!app.isReady()) return
    if (win === null || win.isDestroyed()) { createWindow(); return }
    if (win.isMinimized()) win.restore()
    win.show()
    win.focus()
  }
  const sendShellEvent = <E extends keyof ShellEvents>(event: E, payload: ShellEvents[E]): void => {
    if (pageReady) sendToPage(event, payload)
    else if (held.length < 5) held.push([event, payload])
  }
  const openLink = (url: string): void => { sendShellEvent('open-link', { url }) }

  const hostReady: Promise<NodeHost> = app.whenReady().then(async () => {
    host = await startNodeHost({ dataDir, keychain: electronKeychain() })
    return host
  })
  hostReady.then(onNodeStarted, onNodeFailed)

  function onNodeStarted (started: NodeHost): void {
    showKeyNotice(started.keyNotice)
    if (started.canProtectKey) void offerKeyProtection(started)
    startDesktopNotifier({
      api: started.node,
      self: started.node.peerId,
      focused: () => win !== null && !win.isDestroyed() && win.isFocused(),
      onClick: (incidentId) => { showWindow(); sendShellEvent('show-incident', { incidentId }) }
    })
  }

  /** The key's state, shown by the page as a banner while unprotected; re-sent at every page load. */
  function showKeyNotice (notice: KeyNotice): void {
    keyNotice = notice
    sendShellEvent('key-protection', notice)
  }

  /** A keychain that protects is there and the key is not wrapped by it: ask, then re-wrap. */
  async function offerKeyProtection (started: NodeHost): Promise<void> {
    const options = {
      type: 'question' as const,
      buttons: ['Protect the key', 'Not now'],
      defaultId: 0,
      cancelId: 1,
      message: 'Protect this data folder\'s key with the OS keychain?',
      detail: `${started.keyNotice.message}\n\nThe key stays the same: nothing else on this device changes.`
    }
    const { response } = win === null || win.isDestroyed() ? await dialog.showMessageBox(options) : await dialog.showMessageBox(win, options)
    if (response !== 0) return
    try {
      showKeyNotice(await started.protectKey())
    } catch (err) {
      dialog.showErrorBox('The key was not re-wrapped', `${errorMessage(err)}\n\nIt stays stored unprotected; Lifeboat offers this again at its next start.`)
    }
  }

  function onNodeFailed (err: unknown): void {
    let hint = ''
    if (hasErrorCode(err, 'daemon-running')) hint = '\n\nAnother Lifeboat (the desktop app or `bin/lifeboat daemon`) is already using this data folder. Stop it first, or use that one.'
    if (hasErrorCode(err, 'wrong-passphrase')) hint = '\n\nThe desktop app opens data folders protected by the OS keychain, or unprotected ones. A folder protected with a passphrase by `bin/lifeboat daemon` is opened by the daemon.'
    dialog.showErrorBox('Lifeboat cannot start', `${errorMessage(err)}\n\nData folder: ${dataDir}${hint}`)
    quitting = true
    app.quit()
  }

  function createWindow (): void {
    const created = createMainWindow(PRELOAD, !app.isPackaged)
    win = created
    pageReady = false
    const unregister = registerIpc(created.webContents.ipc, {
      api: async () => (await hostReady).node,
      mainFrame: () => created.isDestroyed() ? null : created.webContents.mainFrame,
      sendEvent: sendToPage,
      onReady: () => {
        pageReady = true
        const pending = held.splice(0)
        if (keyNotice !== undefined && !pending.some(([event]) => event === 'key-protection')) sendToPage('key-protection', keyNotice)
        for (const [event, payload] of pending) sendToPage(event, payload)
      }
    })
    created.webContents.on('did-start-navigation', (details) => {
      if (details.isMainFrame && !details.isSameDocument) pageReady = false
    })
    created.webContents.on('render-process-gone', () => { pageReady = false })
    created.on('closed', () => {
      unregister()
      if (win === created) { win = null; pageReady = false }
    })
  }

  // A second launch (a clicked link on Windows/Linux, or just starting it again) lands here.
  app.on('second-instance', (_event, argv) => {
    showWindow()
    const link = joinLinkFromArgv(argv)
    if (link !== null) openLink(link)
  })
  // macOS hands links over by event, possibly before 'ready'.
  app.on('open-url', (event, url) => {
    event.preventDefault()
    const link = joinLinkFrom(url)
    if (link !== null) { openLink(link); if (app.isReady()) showWindow() }
  })
  const launchLink = joinLinkFromArgv(process.argv)
  if (launchLink !== null) openLink(launchLink)

  app.on('web-contents-created', (_event, contents) => { lockDownContents(contents) })

  app.whenReady().then(() => {
    // Installers register the scheme; this covers the AppImage, which has no installer.
    if (app.isPackaged) app.setAsDefaultProtocolClient(PROTOCOL_SCHEME)
    hardenSession(session.defaultSession)
    serveApp(session.defaultSession, path.join(app.getAppPath(), 'renderer', 'dist'))
    createWindow()
    app.on('activate', () => { if (win === null) createWindow() })
  }).catch((err: unknown) => {
    dialog.showErrorBox('Lifeboat cannot start', errorMessage(err))
    app.exit(1)
  })

  // On macOS the app (and its node, which keeps syncing) stays up without windows.
  app.on('window-all-closed', () => { if (process.platform !== 'darwin') app.quit() })

  // Quitting waits for the node to store what it has and leave the network.
  app.on('before-quit', (event) => {
    if (quitting) return
    event.preventDefault()
    quitting = true
    if (host === undefined && !app.isReady()) { app.quit(); return }
    const stopping = hostReady.then(async h => { await h.stop() }, () => undefined)
    const timeout = new Promise<void>(resolve => { setTimeout(resolve, STOP_TIMEOUT_MS).unref() })
    Promise.race([stopping, timeout])
      .catch((err: unknown) => { console.error(`lifeboat: stopping the node failed: ${errorMessage(err)}`) })
      .finally(() => { app.quit() })
  })
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => { app.quit() })
}

/** safeStorage as the Keychain of key-protection.ts (the asynchronous, non-deprecated API). */
function electronKeychain (): Keychain {
  return {
    isAvailable: async () => await safeStorage.isAsyncEncryptionAvailable(),
    backend: () => process.platform === 'linux' ? safeStorage.getSelectedStorageBackend() : 'os',
    encrypt: async (plain) => new Uint8Array(await safeStorage.encryptStringAsync(plain)),
    decrypt: async (encrypted) => {
      const { result, shouldReEncrypt } = await safeStorage.decryptStringAsync(Buffer.from(encrypted))
      return { plain: result, shouldReEncrypt }
    }
  }
}
