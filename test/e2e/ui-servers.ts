// Starting `lifeboat ui` from the end-to-end test: the real launcher, its one stdout line
// ({"event":"ui","url":…}), and a stop that waits for the process to exit. With `netns`, inside that
// network namespace (`ip netns exec` execs, so the process is the server itself): its loopback URL
// is then reachable only from inside it, by a browser started there too.
import { spawn, type ChildProcess } from 'node:child_process'
import { tmpdir } from 'node:os'
import { LIFEBOAT_BIN } from '../support/cli.js'

export interface UiProcess { url: string, proc: ChildProcess, stderr: () => string, stop: () => Promise<void> }

const running = new Set<ChildProcess>()

export async function startUi (dataDir: string, extraArgs: string[] = [], timeoutMs = 30_000, { netns }: { netns?: string } = {}): Promise<UiProcess> {
  const command = [process.execPath, LIFEBOAT_BIN, 'ui', '--data', dataDir, ...extraArgs]
  const [file, ...args] = netns === undefined ? command : ['ip', 'netns', 'exec', netns, ...command]
  const proc = spawn(file as string, args, { cwd: tmpdir(), stdio: ['ignore', 'pipe', 'pipe'] })
  running.add(proc)
  proc.once('exit', () => running.delete(proc))
  let stdout = ''
  let stderr = ''
  proc.stderr?.setEncoding('utf8').on('data', (s: string) => { stderr += s })
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => { proc.kill('SIGKILL'); reject(new Error(`lifeboat ui printed no URL within ${timeoutMs} ms; stderr: ${stderr}`)) }, timeoutMs)
    proc.once('exit', (code) => { clearTimeout(timer); reject(new Error(`lifeboat ui exited (${code}) before printing its URL; stderr: ${stderr}`)) })
    proc.stdout?.setEncoding('utf8').on('data', (s: string) => {
      stdout += s
      const nl = stdout.indexOf('\n')
      if (nl === -1) return
      clearTimeout(timer)
      try {
        const line = JSON.parse(stdout.slice(0, nl)) as { event?: string, url?: string }
        if (line.event !== 'ui' || typeof line.url !== 'string') throw new Error('not a ui line')
        resolve(line.url)
      } catch (err) {
        reject(new Error(`lifeboat ui printed ${JSON.stringify(stdout.slice(0, nl))}: ${(err as Error).message}`))
      }
    })
  })
  return {
    url,
    proc,
    stderr: () => stderr,
    stop: async () => {
      if (proc.exitCode !== null || proc.signalCode !== null) return
      const exited = new Promise<void>(resolve => proc.once('exit', () => resolve()))
      proc.kill('SIGTERM')
      const timer = setTimeout(() => proc.kill('SIGKILL'), 10_000)
      await exited
      clearTimeout(timer)
    }
  }
}

/** Kills every `lifeboat ui` this module started that is still running. */
export async function stopAllUi (): Promise<void> {
  await Promise.all([...running].map(async proc => {
    const exited = new Promise<void>(resolve => proc.once('exit', () => resolve()))
    proc.kill('SIGKILL')
    await exited
  }))
}
