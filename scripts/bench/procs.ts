// Spawning, driving and stopping the processes of the benchmark: Lifeboat daemons (bin/lifeboat
// daemon, talked to through their control socket) and raw gossipsub nodes (raw-procs.ts, which
// spawns them with the helpers here). Every child is remembered by PID; stopAll() (called by the bench
// in a finally, and on SIGINT/SIGTERM/exit) ends whatever is still running. Every node listens
// on 127.0.0.1 only, with mDNS and the DHT off.
import { spawn, type ChildProcess } from 'node:child_process'
import { cp, mkdtemp, rm, symlink } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface, type Interface } from 'node:readline'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { connectControl, type ControlClient } from '../../p2p/host/control/client.js'
import { now } from './stats.js'

/** The checkout, from dist/scripts/bench/procs.js. */
const REPO = fileURLToPath(new URL('../../../', import.meta.url))
/** Where spawned processes take their code from: the checkout, or a snapshot of it (snapshotCode). */
let codeRoot = REPO
const lifeboatBin = (): string => join(codeRoot, 'bin', 'lifeboat')
export const LOOPBACK_ARGS = ['--listen', '/ip4/127.0.0.1/tcp/0', '--no-mdns', '--no-dht']

const children = new Map<number, { proc: ChildProcess, what: string }>()
const tempDirs = new Set<string>()
let profileDir: string | undefined
let profiled = 0

/** From now on, daemons (and raw nodes) run with `--cpu-prof` writing into `dir`. */
export function profileInto (dir: string | undefined): void { profileDir = dir }

export function nodeFlags (label: string): string[] {
  if (profileDir === undefined) return []
  return ['--cpu-prof', '--cpu-prof-dir', profileDir, '--cpu-prof-name', `${label}-${Date.now()}-${++profiled}.cpuprofile`]
}

export function track (proc: ChildProcess, what: string): number {
  const pid = proc.pid
  if (pid === undefined) throw new Error(`could not spawn ${what}`)
  children.set(pid, { proc, what })
  proc.once('exit', () => children.delete(pid))
  return pid
}

function exited (proc: ChildProcess): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null) return Promise.resolve()
  return new Promise(resolve => proc.once('exit', () => resolve()))
}

/** SIGTERM to this PID, SIGKILL if it has not exited after `timeoutMs`. */
export async function terminate (proc: ChildProcess, pid: number, timeoutMs: number): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null) return // gone: never signal a PID that may be reused
  const done = exited(proc)
  try { process.kill(pid, 'SIGTERM') } catch { /* already gone */ }
  const timer = setTimeout(() => { if (proc.exitCode === null && proc.signalCode === null) { try { process.kill(pid, 'SIGKILL') } catch { /* gone */ } } }, timeoutMs)
  await done
  clearTimeout(timer)
}

/** Stops every child still running (SIGTERM, then SIGKILL after a grace period). */
export async function stopAll (timeoutMs = 5_000): Promise<void> {
  await Promise.all([...children].map(async ([pid, { proc }]) => await terminate(proc, pid, timeoutMs)))
}

/** For process 'exit': SIGKILL by PID, synchronously. */
export function killAllNow (): void {
  for (const pid of children.keys()) { try { process.kill(pid, 'SIGKILL') } catch { /* gone */ } }
}

export function runningCount (): number { return children.size }

/**
 * Copies the built code (dist/, bin/, package.json; node_modules linked) to a temp folder and
 * spawns every later process from there, so that a rebuild of the checkout during a long run
 * (other work going on in the same tree) cannot change or break the code under test midway.
 * Returns the snapshot's folder; it is removed with the other temp folders.
 */
/** Spawns later processes from another built tree (with dist/, bin/, package.json, node_modules), e.g. a patched copy to compare. */
export function useCode (dir: string): void { codeRoot = dir }

/** Whether the code under test would run its CLI bundle (bin/bundle-stamp.js, a plain module of bin/lifeboat's). */
export async function bundleIsCurrent (): Promise<boolean> {
  const stamp = await import(pathToFileURL(join(codeRoot, 'bin', 'bundle-stamp.js')).href) as { bundleIsCurrent: (root: string) => boolean }
  return stamp.bundleIsCurrent(codeRoot)
}

/** A file of the code under test (the snapshot, or the tree given with --code). */
export function codeFile (relative: string): string { return join(codeRoot, relative) }

export async function snapshotCode (): Promise<string> {
  const snap = await tempDir('lifeboat-bench-code-')
  // Timestamps kept: bin/lifeboat takes the CLI bundle only while dist/.tsbuildinfo is as old as its stamp.
  await cp(join(REPO, 'dist'), join(snap, 'dist'), { recursive: true, preserveTimestamps: true, filter: (src) => !src.endsWith('.map') })
  await cp(join(REPO, 'bin'), join(snap, 'bin'), { recursive: true })
  await cp(join(REPO, 'package.json'), join(snap, 'package.json'))
  await symlink(join(REPO, 'node_modules'), join(snap, 'node_modules'), 'dir')
  codeRoot = snap
  return snap
}

export async function tempDir (prefix = 'lifeboat-bench-'): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix))
  tempDirs.add(dir)
  return dir
}

export async function removeTempDir (dir: string): Promise<void> {
  tempDirs.delete(dir)
  await rm(dir, { recursive: true, force: true })
}

export async function removeTempDirs (): Promise<void> {
  await Promise.all([...tempDirs].map(async dir => await removeTempDir(dir)))
}

// --- readiness lines ---------------------------------------------------------------------------

interface ReadyLine { event: 'ready', peerId: string, addrs: string[] }

/** Resolves with the first stdout line (a ready line) of `proc`, or rejects on exit / timeout. */
export function firstLine (proc: ChildProcess, lines: Interface, what: string, stderr: () => string, timeoutMs: number): Promise<{ ready: ReadyLine, at: number }> {
  return new Promise((resolve, reject) => {
    let settled = false
    const finish = (err: Error | null, value?: { ready: ReadyLine, at: number }): void => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      proc.off('exit', onExit)
      if (err !== null) reject(err)
      else resolve(value as { ready: ReadyLine, at: number })
    }
    const onExit = (code: number | null, signal: string | null): void => finish(new Error(`${what} exited (${code ?? signal}) before its ready line; stderr: ${stderr().trim()}`))
    const timer = setTimeout(() => finish(new Error(`${what} not ready after ${timeoutMs} ms; stderr: ${stderr().trim()}`)), timeoutMs)
    proc.once('exit', onExit)
    lines.once('line', (line) => {
      const at = now()
      try {
        const parsed = JSON.parse(line) as ReadyLine
        if (parsed.event !== 'ready') throw new Error('not a ready line')
        finish(null, { ready: parsed, at })
      } catch (err) {
        finish(new Error(`${what} printed ${JSON.stringify(line)} (${(err as Error).message})`))
      }
    })
  })
}

// --- Lifeboat daemons ---------------------------------------------------------------------------

export interface Daemon {
  readonly name: string
  readonly dir: string
  readonly pid: number
  readonly peerId: string
  readonly addrs: string[]
  /** Control-socket client (undefined when started with connect: false). */
  readonly client: ControlClient
  /** Spawn → ready line, in ms. */
  readonly readyMs: number
  stderr(): string
  stop(timeoutMs?: number): Promise<void>
}

export interface DaemonOptions {
  timeoutMs?: number
  /** Connect a control client (default true). */
  connect?: boolean
  /** Run inside this network namespace (`ip netns exec`, which execs: the PID is the daemon's). */
  netns?: string
  /** Listen address instead of 127.0.0.1 (mDNS and the DHT stay off). */
  listen?: string
}

/** Starts `lifeboat daemon --data DIR --name NAME` (on loopback unless told) and waits for its ready line. */
export async function startDaemon (dir: string, name: string, options: DaemonOptions = {}): Promise<Daemon> {
  const spawnedAt = now()
  const listenArgs = options.listen === undefined ? LOOPBACK_ARGS : ['--listen', options.listen, '--no-mdns', '--no-dht']
  const command = [process.execPath, ...nodeFlags(`daemon-${name}`), lifeboatBin(), 'daemon', '--data', dir, ...listenArgs, '--name', name]
  const [file, ...args] = options.netns === undefined ? command : ['ip', 'netns', 'exec', options.netns, ...command]
  const proc = spawn(file as string, args, { cwd: tmpdir(), stdio: ['ignore', 'pipe', 'pipe'] })
  const pid = track(proc, `daemon ${name}`)
  let stderr = ''
  proc.stderr?.setEncoding('utf8').on('data', (s: string) => { stderr = (stderr + s).slice(-20_000) })
  const lines = createInterface({ input: proc.stdout as NodeJS.ReadableStream }) // keeps draining after the ready line
  let client: ControlClient | undefined
  try {
    const { ready, at } = await firstLine(proc, lines, `daemon ${name}`, () => stderr, options.timeoutMs ?? 60_000)
    if (options.connect !== false) client = await connectControl(dir)
    return {
      name,
      dir,
      pid,
      peerId: ready.peerId,
      addrs: ready.addrs,
      client: client as ControlClient,
      readyMs: at - spawnedAt,
      stderr: () => stderr,
      stop: async (timeoutMs = 15_000) => {
        client?.close()
        await terminate(proc, pid, timeoutMs)
      }
    }
  } catch (err) {
    client?.close()
    await terminate(proc, pid, 2_000)
    throw err
  }
}

// --- any long-running process (an idle baseline) -------------------------------------------------

export interface Plain { pid: number, stop(): Promise<void> }

/** `node -e CODE`, tracked like the others. */
export function startPlainNode (code: string, label = 'plain-node'): Plain {
  const proc = spawn(process.execPath, ['-e', code], { cwd: tmpdir(), stdio: 'ignore' })
  const pid = track(proc, label)
  return { pid, stop: async () => await terminate(proc, pid, 5_000) }
}
