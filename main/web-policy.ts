// The security settings of the app's window, kept where tests can read them without Electron:
// createSecureWindow takes the BrowserWindow class as a parameter (window.ts passes Electron's,
// tests a recorder). The options are one literal so that electronegativity can read them too.
import type { BrowserWindowConstructorOptions } from 'electron'
import { isAppUrl } from './app-origin.js'

/**
 * The app's window: isolated, sandboxed, no Node in the page or its workers and frames, web
 * security on, nothing experimental, no <webview>, no middle-click windows, no navigation by
 * dropping a file. Spell-check is off because its dictionaries are downloaded from the internet
 * on Windows and Linux.
 */
export function createSecureWindow<W> (BrowserWindow: new (options: BrowserWindowConstructorOptions) => W, preload: string, devTools: boolean): W {
  return new BrowserWindow({
    width: 1200,
    height: 800,
    minWidth: 720,
    minHeight: 480,
    show: false,
    title: 'Lifeboat',
    webPreferences: {
      preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      disableBlinkFeatures: 'Auxclick',
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
      devTools
    }
  })
}

/**
 * The only permission the page gets: writing (sanitized) text to the clipboard, so that an
 * invite link can be copied, and only for the app's own main frame. Notifications are shown by
 * main, not the page; camera, microphone, location, devices and the rest are refused.
 */
export function permissionAllowed (permission: string, requestingUrl: string, isMainFrame: boolean): boolean {
  return permission === 'clipboard-sanitized-write' && isMainFrame && isAppUrl(requestingUrl)
}

/**
 * The only downloads the page may start: bytes it holds itself (a shared file it read from the
 * node and saves, renderer/files/transfer.ts), as a blob: URL of the app's own origin. Electron
 * then asks where to save it. Anything that would fetch from elsewhere is refused.
 */
export function downloadAllowed (url: string): boolean {
  return url.startsWith('blob:') && isAppUrl(url.slice('blob:'.length))
}
