// The bridge a front-end page sees: Electron's preload exposes it as `window.lifeboat` (through
// contextBridge), and browser mode builds the same object over a loopback WebSocket. Results and
// failures cross the boundary as ApiResult, events as (name, payload); renderer/api.ts turns
// this untyped channel back into the typed API of types.ts. No Node imports.
import type { ApiResult } from './types.js'

export interface LifeboatBridge {
  /** Calls one API method; never rejects for a failure of the node (that is `{ok: false}`). */
  call(method: string, params: unknown): Promise<ApiResult<unknown>>
  /** Receives every API event (and, in Electron, every ShellEvent); returns the function that stops it. */
  subscribe(listener: (event: string, payload: unknown) => void): () => void
}

/** What the desktop app says about its data folder's key; the page shows an unprotected one as a banner. */
export interface KeyNotice { state: 'protected' | 'unprotected', message: string }

/** Events from the desktop shell itself (Electron's main/, not the node), on the same bridge as the API's events. */
export interface ShellEvents {
  /** How the data folder's key is protected: sent at every start (and page load), and again when it changes. */
  'key-protection': KeyNotice
  /** A `lifeboat://join/…` link was opened: show the join screen with it (never join unasked). */
  'open-link': { url: string }
  /** A desktop notification was clicked: show this incident. */
  'show-incident': { incidentId: string }
}

/** The path of browser mode's WebSocket on its loopback server (the page connects to it). */
export const BROWSER_WS_PATH = '/ws'
