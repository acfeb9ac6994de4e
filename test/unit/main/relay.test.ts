// Every node event is relayed, and unsubscribing stops all of them.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import type { EventName, LifeboatApi } from '../../../p2p/api/types.js'
import { API_EVENT_NAMES, relayEvents } from '../../../main/relay.js'

test('relayEvents subscribes to every ApiEvent and unsubscribes from all', () => {
  const listeners = new Map<string, (payload: unknown) => void>()
  const api = {
    call: async () => null,
    on: (event: EventName, listener: (payload: unknown) => void) => {
      listeners.set(event, listener)
      return () => { listeners.delete(event) }
    }
  } as unknown as LifeboatApi
  const seen: Array<[string, unknown]> = []
  const stop = relayEvents(api, (event, payload) => seen.push([event, payload]))
  assert.deepEqual([...listeners.keys()].sort(), Object.keys(API_EVENT_NAMES).sort())
  listeners.get('peer')?.({ peerId: 'x', connected: true })
  assert.deepEqual(seen, [['peer', { peerId: 'x', connected: true }]])
  stop()
  assert.equal(listeners.size, 0)
})
