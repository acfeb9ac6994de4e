// The app's window and the security settings around it: the page is isolated and sandboxed
// (web-policy.ts), may not navigate, open windows, attach webviews, download (but its own blob: bytes), reach the network
// or get any permission but clipboard writes and the microphone (audio only, for calls); its CSP comes with every app:// response (csp.ts).
import { BrowserWindow } from 'electron'
import type { Session, WebContents } from 'electron'
import { APP_START_URL } from './app-origin.js'
import { createSecureWindow, downloadAllowed, permissionCheckAllowed, permissionRequestAllowed } from './web-policy.js'

/** Schemes the page could reach the network or disk with; the app serves everything over app://. */
const BLOCKED_URLS = ['http://*/*', 'https://*/*', 'ws://*/*', 'wss://*/*', 'ftp://*/*', 'file:///*']

/** Session-wide rules; run once per session before any page loads. */
export function hardenSession (session: Session): void {
  session.setPermissionRequestHandler((_contents, permission, callback, details) => {
    callback(permissionRequestAllowed(permission, details))
  })
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin, details) => permissionCheckAllowed(permission, requestingOrigin, details))
  session.setDevicePermissionHandler(() => false)
  session.webRequest.onBeforeRequest({ urls: BLOCKED_URLS }, (_details, callback) => { callback({ cancel: true }) })
  session.on('will-download', (event, item) => { if (!downloadAllowed(item.getURL())) event.preventDefault() })
}

/** Rules for every web contents the app ever creates (registered through app 'web-contents-created'). */
export function lockDownContents (contents: WebContents): void {
  contents.setWindowOpenHandler(() => ({ action: 'deny' }))
  contents.on('will-navigate', (event) => { event.preventDefault() })
  contents.on('will-frame-navigate', (event) => { if (!event.isSameDocument) event.preventDefault() })
  contents.on('will-redirect', (event) => { event.preventDefault() })
  contents.on('will-attach-webview', (event) => { event.preventDefault() })
}

export function createMainWindow (preload: string, devTools: boolean): BrowserWindow {
  const win = createSecureWindow(BrowserWindow, preload, devTools)
  win.once('ready-to-show', () => { win.show() })
  void win.loadURL(APP_START_URL)
  return win
}
