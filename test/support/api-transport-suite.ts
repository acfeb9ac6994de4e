// One acceptance suite for every transport of the API (control socket, browser WebSocket,
// Electron IPC), in the manner of automerge-repo's storage adapter tests: each transport gives a
// client served by a small fake LifeboatApi, and the same tests hold for all of them. What
// legitimately differs (IPC's code for an unknown method, how oversize input is refused) is
// declared by the transport.
import { afterEach, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import type { ErrorCode } from '../../p2p/api/error-codes.js'
import { EVENT_NAMES, type LifeboatApi, type MethodName } from '../../p2p/api/types.js'
import { fakeApi, INCIDENT, ME, type FakeApi } from './fake-api.js'
import { waitFor } from './wait.js'

export interface TransportPair {
  /** A client over the transport, as its front end would use it. */
  client: LifeboatApi & { subscribe(): Promise<void> }
  /**
   * Sends what the transport's own client never would, on a side connection if it has them:
   * resolves to the error code answered, or 'closed' if the server hung up that connection.
   */
  sendRaw(input: 'malformed' | 'oversize'): Promise<string>
  /** The client's side goes away (socket closed, page gone, window closed). */
  close(): void
  /** Stops everything the pair started. */
  dispose(): Promise<void>
  /** How this transport refuses a method the API does not have. */
  unknownMethodCode: ErrorCode
  /** How this transport refuses input over its size limit. */
  oversize: ErrorCode | 'closed'
}

const rejectsWith = (code: string, message?: RegExp) => (err: unknown): boolean => {
  const e = err as { code?: string, message: string }
  assert.equal(e.code, code, `code of ${e.message}`)
  if (message !== undefined) assert.match(e.message, message)
  return true
}

const message = { id: 'p:1', author: 'p', name: 'bob', text: 'hi', ts: 1, lamport: 1, edited: false, reactions: {}, mentions: [] }

export function runApiTransportSuite (name: string, makeTransportPair: (api: LifeboatApi) => Promise<TransportPair>): void {
  describe(`API transport: ${name}`, () => {
    const pairs: TransportPair[] = []
    afterEach(async () => { await Promise.all(pairs.splice(0).map(async p => { await p.dispose() })) })
    const open = async (): Promise<{ fake: FakeApi, pair: TransportPair }> => {
      const fake = fakeApi()
      const pair = await makeTransportPair(fake.api)
      pairs.push(pair)
      return { fake, pair }
    }

    test('a call returns the node\'s result, with params validated on the way', async () => {
      const { fake, pair } = await open()
      assert.deepEqual(await pair.client.call('whoami', {}), ME)
      assert.deepEqual(await pair.client.call('createIncident', { title: '  Outage  ' }), { incidentId: INCIDENT })
      assert.deepEqual(fake.calls, [{ method: 'whoami', params: {} }, { method: 'createIncident', params: { title: 'Outage' } }])
    })

    test('a node error keeps its code and message; anything else thrown is internal', async () => {
      const { pair } = await open()
      await assert.rejects(pair.client.call('members', { incidentId: INCIDENT }), rejectsWith('not-found', /^no incident/))
      await assert.rejects(pair.client.call('messages', { incidentId: INCIDENT }), rejectsWith('internal', /^boom$/))
    })

    test('an unknown method is refused by name and never reaches the node', async () => {
      const { fake, pair } = await open()
      await assert.rejects(pair.client.call('rmrf' as MethodName, {} as never), rejectsWith(pair.unknownMethodCode, /unknown method "rmrf"/))
      assert.equal(fake.calls.length, 0)
    })

    test('invalid params are refused with the method and the field, and never reach the node', async () => {
      const { fake, pair } = await open()
      await assert.rejects(pair.client.call('sendMessage', { incidentId: 'nope', text: 'hi' }), rejectsWith('invalid-argument', /sendMessage: incidentId/))
      await assert.rejects(pair.client.call('whoami', { extra: 1 } as never), rejectsWith('invalid-argument', /whoami/))
      assert.equal(fake.calls.length, 0)
    })

    test('after subscribe every event is delivered, in order with the responses', async () => {
      const { fake, pair } = await open()
      const got: unknown[] = []
      pair.client.on('message', p => got.push(['message', p]))
      pair.client.on('peer', p => got.push(['peer', p]))
      await pair.client.subscribe()
      await waitFor('the server to listen to every event', () => fake.listening().length === EVENT_NAMES.length)
      assert.deepEqual(fake.listening(), [...EVENT_NAMES].sort())
      fake.emit('roster', { incidentId: INCIDENT }) // subscribed, but no client listener: ignored
      fake.emit('peer', { peerId: 'p', connected: true })
      fake.emit('message', { incidentId: INCIDENT, message })
      await pair.client.call('whoami', {}) // events sent before this response arrive before it
      assert.deepEqual(got, [['peer', { peerId: 'p', connected: true }], ['message', { incidentId: INCIDENT, message }]])
    })

    test('closing the client stops its events on the server', async () => {
      const { fake, pair } = await open()
      pair.client.on('peer', () => {})
      await pair.client.subscribe()
      await waitFor('the server to listen to events', () => fake.listening().length > 0)
      pair.close()
      await waitFor('the server to stop listening', () => fake.listening().length === 0, { timeoutMs: 2000 })
    })

    test('concurrent calls resolve out of order: a slow join does not hold up others', async () => {
      const { fake, pair } = await open()
      const joined = pair.client.call('join', { invite: 'lifeboat://join/x' })
      assert.deepEqual(await pair.client.call('whoami', {}), ME)
      fake.releaseJoins()
      assert.deepEqual(await joined, { incidentId: INCIDENT })
    })

    test('malformed input gets an error and the transport stays up', async () => {
      const { pair } = await open()
      assert.equal(await pair.sendRaw('malformed'), 'bad-request')
      assert.deepEqual(await pair.client.call('whoami', {}), ME)
    })

    test('oversize input gets an error and the transport stays up', async () => {
      const { pair } = await open()
      assert.equal(await pair.sendRaw('oversize'), pair.oversize)
      assert.deepEqual(await pair.client.call('whoami', {}), ME)
    })
  })
}
