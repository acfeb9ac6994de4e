// What the preload (main/preload.cts) and main (main/ipc.ts) agree on: the IPC channel names.
// (The shell's own events, ShellEvents, are in p2p/api/bridge.ts, where the renderer reads them.) The preload
// cannot import this file at run time (a sandboxed preload may require only 'electron'), so it
// repeats the channel names; test/unit/main/preload.test.ts checks that the two agree.

export const CHANNELS = {
  /** renderer → main (invoke): (method: string, params: unknown) → ApiResult<unknown> */
  call: 'lifeboat:call',
  /** main → renderer: (event: string, payload: unknown), an ApiEvent or a ShellEvent */
  event: 'lifeboat:event',
  /** renderer → main (send): the page has subscribed to events; links held back can be sent */
  ready: 'lifeboat:ready'
} as const

