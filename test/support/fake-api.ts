// A small fake LifeboatApi for the tests of the API's transports: a few canned methods (more
// by override), `join` held open until releaseJoins(), and events fired by hand.
import type { ApiEvents, EventName, LifeboatApi, MethodName, Whoami } from '../../p2p/api/types.js'
import { NotFoundError } from '../../p2p/errors.js'

export const INCIDENT = '0123456789abcdef0123456789abcdef'
export const ME: Whoami = { peerId: '12D3KooWtest', name: 'alice', fingerprint: '1 2 3', addrs: ['/ip4/127.0.0.1/tcp/1'], offline: false, discovery: { mdns: 'off', interfaces: [] } }

/** Listeners by event name, as an API's `on` keeps them, and a way to fire them. */
export function eventHub () {
  const listeners = new Map<string, Set<(payload: unknown) => void>>()
  return {
    on: ((event: EventName, listener: (payload: never) => void) => {
      const fn = listener as (payload: unknown) => void
      let set = listeners.get(event)
      if (set === undefined) listeners.set(event, set = new Set())
      set.add(fn)
      return () => { set.delete(fn) }
    }) as LifeboatApi['on'],
    emit: <E extends EventName>(event: E, payload: ApiEvents[E]): void => { for (const l of listeners.get(event) ?? []) l(payload) },
    /** The events that have at least one listener. */
    listening: (): string[] => [...listeners].filter(([, set]) => set.size > 0).map(([event]) => event).sort(),
    listenerCount: (): number => [...listeners.values()].reduce((n, set) => n + set.size, 0)
  }
}

export interface FakeApi extends Omit<ReturnType<typeof eventHub>, 'on'> {
  api: LifeboatApi
  calls: Array<{ method: MethodName, params: unknown }>
  /** Lets every held `join` return. */
  releaseJoins: () => void
}

export function fakeApi (overrides: Partial<Record<MethodName, (params: unknown) => unknown>> = {}): FakeApi {
  const hub = eventHub()
  const calls: FakeApi['calls'] = []
  const gates: Array<() => void> = []
  const call = async (method: MethodName, params: unknown): Promise<unknown> => {
    calls.push({ method, params })
    const override = overrides[method]
    if (override !== undefined) return override(params)
    switch (method) {
      case 'whoami': return ME
      case 'createIncident': return { incidentId: INCIDENT }
      case 'members': throw new NotFoundError(`no incident ${INCIDENT}`)
      case 'messages': throw new Error('boom')
      case 'join': await new Promise<void>(resolve => { gates.push(resolve) }); return { incidentId: INCIDENT }
      default: return null
    }
  }
  const { on, ...events } = hub
  return {
    api: { call: call as LifeboatApi['call'], on },
    calls,
    ...events,
    releaseJoins: () => { for (const open of gates.splice(0)) open() }
  }
}
