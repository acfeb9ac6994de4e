// Driving the real `bin/lifeboat` from tests, as a user or a script would: run a command and
// parse its JSON, start a daemon and wait for its ready line, make temp data folders. Everything
// started here is remembered; call `cleanupCli()` from an `after` hook to kill leftover children
// and remove the temp folders.
//
//   after(cleanupCli)
//   const dir = await makeTempDir()
//   const alice = await startDaemon(dir, ['--name', 'alice'])      // loopback only, mDNS/DHT off
//   const me = await lifeboat<Whoami>(dir, 'whoami')               // adds --data dir --json
//   const r = await runCli(['send', '--data', dir, id, 'hi'])       // raw: {code, stdout, stderr}
//   assert.equal(await alice.stop(), 0)                            // SIGTERM, resolves the exit code
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

/** The launcher, from dist/test/helpers/cli.js. */
export const LIFEBOAT_BIN = fileURLToPath(new URL('../../../bin/lifeboat', import.meta.url))

/** Daemon flags that keep a test off the real network (docs/ARCHITECTURE.md, "Pitfalls"). */
export const LOOPBACK_ARGS = ['--listen', '/ip4/127.0.0.1/tcp/0', '--no-mdns', '--no-dht']

const children = new Set<ChildProcess>()
const tempDirs = new Set<string>()

export async function makeTempDir (prefix = 'lifeboat-cli-'): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix))
  tempDirs.add(dir)
  return dir
}

function spawnCli (args: string[], netns?: string): ChildProcess {
  // cwd elsewhere: the launcher must not depend on being run from the repo.
  const command = [process.execPath, LIFEBOAT_BIN, ...args]
  const [file, ...rest] = netns === undefined ? command : ['ip', 'netns', 'exec', netns, ...command]
  const child = spawn(file as string, rest, { cwd: tmpdir(), stdio: ['ignore', 'pipe', 'pipe'] })
  children.add(child)
  child.once('exit', () => children.delete(child))
  return child
}

function exited (child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode)
  return new Promise(resolve => child.once('exit', code => resolve(code)))
}

export interface CliResult { code: number | null, stdout: string, stderr: string }

/** Runs one CLI command to completion (killed after `timeoutMs`); never throws on a non-zero exit. */
export async function runCli (args: string[], { timeoutMs = 30_000 } = {}): Promise<CliResult> {
  const child = spawnCli(args)
  let stdout = ''
  let stderr = ''
  child.stdout?.setEncoding('utf8').on('data', (s: string) => { stdout += s })
  child.stderr?.setEncoding('utf8').on('data', (s: string) => { stderr += s })
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs)
  // 'close' (not 'exit') so that stdout and stderr are complete.
  const code = await new Promise<number | null>(resolve => child.once('close', c => resolve(c)))
  clearTimeout(timer)
  return { code, stdout, stderr }
}

/** A failed `lifeboat()` call, with what the CLI said. */
export class CliError extends Error {
  constructor (readonly args: string[], readonly result: CliResult) {
    super(`lifeboat ${args.join(' ')} exited ${result.code}: ${result.stderr.trim()}`)
  }
}

// The two-word commands; `lifeboat()` puts --data/--json right after the command words so that
// a caller may end with `'--', text` for text that starts with a dash.
const GROUPS = new Set(['incident', 'invite', 'timeline', 'note', 'task', 'join', 'file', 'bulletin', 'team', 'playbook', 'drill', 'call']) // 'join' too: `join list`, `join LINK`

/** Runs `lifeboat ARGS --data DIR --json` and returns the parsed JSON; throws CliError on a non-zero exit. */
export async function lifeboat<T = unknown> (dir: string, ...args: string[]): Promise<T> {
  const words = GROUPS.has(args[0] ?? '') ? 2 : 1
  const full = [...args.slice(0, words), '--data', dir, '--json', ...args.slice(words)]
  const result = await runCli(full)
  if (result.code !== 0) throw new CliError(full, result)
  return JSON.parse(result.stdout) as T
}

export interface RunningDaemon {
  dir: string
  peerId: string
  addrs: string[]
  proc: ChildProcess
  /** What the daemon wrote to stderr so far. */
  stderr(): string
  /** SIGTERM, then the exit code (SIGKILL and null if it does not exit within `timeoutMs`). */
  stop(timeoutMs?: number): Promise<number | null>
}

/**
 * Starts `lifeboat daemon --data DIR ...extraArgs` (or `lifeboat relay`, with `command`) and
 * resolves at its ready line; with `netns`, inside that network namespace (`ip netns exec` execs,
 * so the process is the daemon itself).
 */
export async function startDaemon (dir: string, extraArgs: string[] = LOOPBACK_ARGS, { timeoutMs = 30_000, netns, command = 'daemon' }: { timeoutMs?: number, netns?: string, command?: 'daemon' | 'relay' } = {}): Promise<RunningDaemon> {
  const proc = spawnCli([command, '--data', dir, ...extraArgs], netns)
  let stdout = ''
  let stderr = ''
  proc.stderr?.setEncoding('utf8').on('data', (s: string) => { stderr += s })
  const ready = await new Promise<{ peerId: string, addrs: string[] }>((resolve, reject) => {
    let settled = false
    const settle = (why: string | null, value?: { peerId: string, addrs: string[] }): void => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      proc.off('exit', onExit)
      if (why === null && value !== undefined) return resolve(value)
      proc.kill('SIGKILL')
      reject(new Error(`daemon for ${dir} ${why}; stderr: ${stderr.trim()}`))
    }
    const onExit = (code: number | null, signal: string | null): void => settle(`exited (${code ?? signal}) before its ready line`)
    const timer = setTimeout(() => settle(`not ready after ${timeoutMs} ms`), timeoutMs)
    proc.once('exit', onExit)
    proc.stdout?.setEncoding('utf8').on('data', (s: string) => {
      stdout += s // keep draining after the ready line so the pipe never fills
      const nl = stdout.indexOf('\n')
      if (settled || nl === -1) return
      const first = stdout.slice(0, nl)
      try {
        const line = JSON.parse(first) as { event?: string, peerId: string, addrs: string[] }
        if (line.event !== 'ready') throw new Error('not a ready line')
        settle(null, { peerId: line.peerId, addrs: line.addrs })
      } catch (err) {
        settle(`printed ${JSON.stringify(first)} (${(err as Error).message})`)
      }
    })
  })
  return {
    dir,
    ...ready,
    proc,
    stderr: () => stderr,
    stop: async (stopTimeoutMs = 15_000) => {
      const done = exited(proc)
      proc.kill('SIGTERM')
      const timer = setTimeout(() => proc.kill('SIGKILL'), stopTimeoutMs)
      const code = await done
      clearTimeout(timer)
      return code
    }
  }
}

/** For `after` hooks: kills every child still running (SIGKILL) and removes the temp folders. */
export async function cleanupCli (): Promise<void> {
  await Promise.all([...children].map(async child => {
    const done = exited(child)
    child.kill('SIGKILL')
    await done
  }))
  await Promise.all([...tempDirs].map(async dir => await rm(dir, { recursive: true, force: true })))
  tempDirs.clear()
}

/** A member daemon named `name` on loopback, in a fresh data folder (or `dir`, to restart one). */
export async function startMember (name: string, dir?: string): Promise<RunningDaemon> {
  return await startDaemon(dir ?? await makeTempDir(), [...LOOPBACK_ARGS, '--name', name])
}

/** Daemons for `names`; the first creates an incident titled `title` and invites every other, who joins. */
export async function startIncident (title: string, names: string[]): Promise<{ daemons: RunningDaemon[], incidentId: string }> {
  const daemons = await Promise.all(names.map(async name => await startMember(name)))
  const [admin, ...others] = daemons as [RunningDaemon, ...RunningDaemon[]]
  const { incidentId } = await lifeboat<{ incidentId: string }>(admin.dir, 'incident', 'create', title)
  for (const member of others) {
    const { invite } = await lifeboat<{ invite: string }>(admin.dir, 'invite', 'create', incidentId)
    await lifeboat(member.dir, 'join', invite, '--timeout', '30s')
  }
  return { daemons, incidentId }
}
