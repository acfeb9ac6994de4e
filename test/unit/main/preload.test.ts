// The compiled preload (dist/main/preload.cjs) run in a VM context with a stand-in for the
// sandbox's `require`: it may load only 'electron', it exposes exactly window.lifeboat, and it
// uses the channel names of main/channels.ts.
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { readFile } from 'node:fs/promises'
import vm from 'node:vm'
import type { LifeboatBridge } from '../../../p2p/api/bridge.js'
import { CHANNELS } from '../../../main/channels.js'

const PRELOAD = new URL('../../../main/preload.cjs', import.meta.url)

type IpcListener = (event: unknown, ...args: unknown[]) => void

async function loadPreload (): Promise<{ exposed: Map<string, unknown>, invoked: unknown[][], sent: unknown[][], emit: (...args: unknown[]) => void, required: string[] }> {
  const exposed = new Map<string, unknown>()
  const invoked: unknown[][] = []
  const sent: unknown[][] = []
  const required: string[] = []
  const onChannel = new Map<string, IpcListener>()
  const electron = {
    contextBridge: { exposeInMainWorld: (key: string, api: unknown) => { exposed.set(key, api) } },
    ipcRenderer: {
      on: (channel: string, listener: IpcListener) => { onChannel.set(channel, listener) },
      invoke: async (...args: unknown[]) => { invoked.push(args); return { ok: true, value: 'answer' } },
      send: (...args: unknown[]) => { sent.push(args) }
    }
  }
  const sandboxRequire = (name: string): unknown => {
    required.push(name)
    if (name !== 'electron') throw new Error(`a sandboxed preload cannot require ${name}`)
    return electron
  }
  const module = { exports: {} }
  const code = await readFile(PRELOAD, 'utf8')
  const wrapper = vm.runInNewContext(`(function (exports, require, module) {${code}\n})`, { console, Promise, Set, Object, TypeError }) as (e: unknown, r: unknown, m: unknown) => void
  wrapper(module.exports, sandboxRequire, module)
  const emit = (...args: unknown[]): void => { onChannel.get(CHANNELS.event)?.({ sender: 'the ipc event must not leak' }, ...args) }
  assert.deepEqual([...onChannel.keys()], [CHANNELS.event])
  return { exposed, invoked, sent, emit, required }
}

describe('preload', () => {
  test('requires only electron and exposes exactly window.lifeboat {call, subscribe}, frozen', async () => {
    const { exposed, required } = await loadPreload()
    assert.deepEqual(required, ['electron'])
    assert.deepEqual([...exposed.keys()], ['lifeboat'])
    const bridge = exposed.get('lifeboat') as LifeboatBridge
    assert.deepEqual(Object.keys(bridge).sort(), ['call', 'subscribe'])
    assert.equal(Object.isFrozen(bridge), true)
  })

  test('call goes to the call channel; a non-string method never leaves the page', async () => {
    const { exposed, invoked } = await loadPreload()
    const bridge = exposed.get('lifeboat') as LifeboatBridge
    assert.deepEqual(await bridge.call('whoami', {}), { ok: true, value: 'answer' })
    assert.deepEqual(invoked, [[CHANNELS.call, 'whoami', {}]])
    const bad = await bridge.call(42 as unknown as string, {})
    assert.equal(bad.ok, false)
    assert.equal(invoked.length, 1)
  })

  test('subscribe: ready is sent once; events reach listeners as (name, payload) only; unsubscribe works', async () => {
    const { exposed, sent, emit } = await loadPreload()
    const bridge = exposed.get('lifeboat') as LifeboatBridge
    const a: unknown[][] = []
    const b: unknown[][] = []
    const offA = bridge.subscribe((...args) => { a.push(args); throw new Error('a listener bug') })
    bridge.subscribe((...args) => { b.push(args) })
    assert.deepEqual(sent, [[CHANNELS.ready]])
    const origError = console.error
    console.error = () => {}
    try {
      emit('open-link', { url: 'lifeboat://join/abc' })
    } finally {
      console.error = origError
    }
    assert.deepEqual(a, [['open-link', { url: 'lifeboat://join/abc' }]])
    assert.deepEqual(b, a, 'a throwing listener does not stop the others')
    emit({ not: 'a name' }, 1)
    assert.equal(b.length, 1)
    offA()
    emit('peer', { peerId: 'x', connected: false })
    assert.equal(a.length, 1)
    assert.equal(b.length, 2)
    assert.throws(() => bridge.subscribe('nope' as unknown as () => void), TypeError)
  })
})
