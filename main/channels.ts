// What the preload (main/preload.cts) and main (main/ipc.ts) agree on: the IPC channel names
// and the events the shell sends to the renderer besides the node's ApiEvents. The preload
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

/** Events from the desktop shell itself (not from the node), sent on CHANNELS.event. */
export interface ShellEvents {
  /** A `lifeboat://join/…` link was opened: show the join screen with it (never join unasked). */
  'open-link': { url: string }
  /** A desktop notification was clicked: show this incident. */
  'show-incident': { incidentId: string }
}
