// Raw gossipsub nodes of the benchmark (raw-gossip-node.ts, one OS process each): the baseline
// the Lifeboat daemons are measured against, driven over stdin/stdout (one JSON line per command
// and answer, and one per message received). Tracked and stopped as procs.ts's daemons are.
import { spawn } from 'node:child_process'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { codeFile, firstLine, nodeFlags, terminate, track } from './procs.js'

export interface RawNode {
  readonly pid: number
  readonly peerId: string
  readonly addrs: string[]
  call<T = unknown>(op: string, params?: Record<string, unknown>): Promise<T>
  /** Sends a command without waiting for its answer (for publishing on a schedule). */
  fire(op: string, params?: Record<string, unknown>): Promise<unknown>
  /** Called with the tag of every message this node receives. */
  onMessage(listener: (tag: string) => void): () => void
  stop(timeoutMs?: number): Promise<void>
}

export async function startRawNode (label = 'raw', { timeoutMs = 60_000 } = {}): Promise<RawNode> {
  const proc = spawn(process.execPath, [...nodeFlags(label), codeFile(join('dist', 'scripts', 'bench', 'raw-gossip-node.js'))], { cwd: tmpdir(), stdio: ['pipe', 'pipe', 'pipe'] })
  const pid = track(proc, label)
  let stderr = ''
  proc.stderr?.setEncoding('utf8').on('data', (s: string) => { stderr = (stderr + s).slice(-20_000) })
  const lines = createInterface({ input: proc.stdout as NodeJS.ReadableStream })
  const pending = new Map<number, { resolve: (v: unknown) => void, reject: (e: Error) => void }>()
  const listeners = new Set<(tag: string) => void>()
  let nextId = 1
  let first = true
  lines.on('line', (line) => {
    if (first) { first = false; return } // the ready line, read by firstLine()
    const msg = JSON.parse(line) as { event?: string, tag?: string, id?: number, ok?: boolean, value?: unknown, error?: string }
    if (msg.event === 'msg') { for (const l of listeners) l(msg.tag ?? ''); return }
    const p = msg.id === undefined ? undefined : pending.get(msg.id)
    if (p === undefined) return
    pending.delete(msg.id as number)
    if (msg.ok === true) p.resolve(msg.value)
    else p.reject(new Error(`${label}: ${msg.error ?? 'failed'}`))
  })
  try {
    const { ready } = await firstLine(proc, lines, label, () => stderr, timeoutMs)
    proc.once('exit', () => { for (const p of pending.values()) p.reject(new Error(`${label} exited; stderr: ${stderr.trim()}`)); pending.clear() })
    const fire = (op: string, params: Record<string, unknown> = {}): Promise<unknown> => new Promise((resolve, reject) => {
      const id = nextId++
      pending.set(id, { resolve, reject })
      proc.stdin?.write(JSON.stringify({ ...params, id, op }) + '\n')
    })
    return {
      pid,
      peerId: ready.peerId,
      addrs: ready.addrs,
      call: async <T>(op: string, params?: Record<string, unknown>) => await fire(op, params) as T,
      fire,
      onMessage: (listener) => { listeners.add(listener); return () => listeners.delete(listener) },
      stop: async (stopTimeoutMs = 10_000) => {
        proc.stdin?.end()
        await terminate(proc, pid, stopTimeoutMs)
      }
    }
  } catch (err) {
    await terminate(proc, pid, 2_000)
    throw err
  }
}
