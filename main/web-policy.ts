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

/** What Electron says about a media permission: `mediaTypes` when asked, `mediaType` when checked. */
export interface MediaDetails { mediaTypes?: readonly string[] | undefined, mediaType?: string | undefined }

/** Audio and nothing else: a request names every type it wants, a check names one. */
function audioOnly (media: MediaDetails | undefined): boolean {
  if (media?.mediaTypes !== undefined) return media.mediaTypes.length > 0 && media.mediaTypes.every(t => t === 'audio')
  return media?.mediaType === 'audio'
}

/**
 * The only permissions the page gets, and only for the app's own main frame: writing (sanitized)
 * text to the clipboard, so that an invite link can be copied, and the microphone for voice calls
 * (issue 18; `media` for audio only, never the camera). Notifications are shown by main, not the
 * page; camera, location, devices and the rest are refused.
 */
export function permissionAllowed (permission: string, requestingUrl: string, isMainFrame: boolean, media?: MediaDetails): boolean {
  if (!isMainFrame || !isAppUrl(requestingUrl)) return false
  if (permission === 'clipboard-sanitized-write') return true
  return permission === 'media' && audioOnly(media)
}

/** For session.setPermissionRequestHandler: its details as Electron passes them. */
export function permissionRequestAllowed (permission: string, details: { requestingUrl: string, isMainFrame: boolean, mediaTypes?: readonly string[] | undefined }): boolean {
  return permissionAllowed(permission, details.requestingUrl, details.isMainFrame, { mediaTypes: details.mediaTypes ?? [] })
}

/** For session.setPermissionCheckHandler: its origin and details as Electron passes them. */
export function permissionCheckAllowed (permission: string, requestingOrigin: string, details: { requestingUrl?: string | undefined, isMainFrame: boolean, mediaType?: string | undefined }): boolean {
  return permissionAllowed(permission, details.requestingUrl ?? requestingOrigin, details.isMainFrame, { mediaType: details.mediaType })
}

/**
 * The only downloads the page may start: bytes it holds itself (a shared file it read from the
 * node and saves, renderer/files/transfer.ts), as a blob: URL of the app's own origin. Electron
 * then asks where to save it. Anything that would fetch from elsewhere is refused.
 */
export function downloadAllowed (url: string): boolean {
  return url.startsWith('blob:') && isAppUrl(url.slice('blob:'.length))
}
