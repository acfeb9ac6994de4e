// The bridge a front-end page sees: Electron's preload exposes it as `window.lifeboat` (through
// contextBridge), and browser mode builds the same object over a loopback WebSocket. Results and
// failures cross the boundary as ApiResult, events as (name, payload); renderer/api.ts turns
// this untyped channel back into the typed API of types.ts. Types only: no Node imports.
import type { ApiResult } from './types.js'

export interface LifeboatBridge {
  /** Calls one API method; never rejects for a failure of the node (that is `{ok: false}`). */
  call(method: string, params: unknown): Promise<ApiResult<unknown>>
  /** Receives every API event; returns the function that stops it. */
  subscribe(listener: (event: string, payload: unknown) => void): () => void
}

/** Browser mode's WebSocket messages, which mirror the control protocol (p2p/host/control-protocol.ts). */
export interface BridgeRequest { id: number | string, method: string, params: unknown }
export type BridgeResponse = { id: number | string | null } & ApiResult<unknown>
export interface BridgeEvent { event: string, payload: unknown }
