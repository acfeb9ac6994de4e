// On a terminal, `lifeboat daemon` and `lifeboat ui` say in one sentence that they are ready (the
// JSON line stays for scripts). The terminal is a pseudo-terminal from util-linux's `script`.
import { after, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { spawn, spawnSync } from 'node:child_process'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { cleanupCli, LIFEBOAT_BIN, makeTempDir } from '../support/cli.js'

const noScript = spawnSync('script', ['--version'], { stdio: 'ignore' }).status !== 0 ? 'util-linux `script` is not installed' : undefined
const quote = (s: string): string => `'${s.replace(/'/g, "'\\''")}'`

/** Runs the command on a pseudo-terminal until `line` shows, then SIGTERMs it; resolves to all output. */
async function onTerminal (args: string[], line: RegExp): Promise<string> {
  const command = [process.execPath, LIFEBOAT_BIN, ...args].map(quote).join(' ')
  const child = spawn('script', ['-qefc', command, '/dev/null'], { stdio: ['pipe', 'pipe', 'pipe'], detached: true })
  let out = ''
  return await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => { process.kill(-(child.pid as number), 'SIGKILL'); reject(new Error(`no ${line} within 20 s: ${out}`)) }, 20_000)
    const onData = (chunk: Buffer): void => {
      out += chunk.toString()
      if (!line.test(out)) return
      clearTimeout(timer)
      process.kill(-(child.pid as number), 'SIGTERM')
      child.once('close', () => resolve(out))
    }
    child.stdout.on('data', onData)
    child.stderr.on('data', onData)
  })
}

describe('on a terminal', { skip: noScript }, () => {
  after(async () => { await cleanupCli() })

  test('the daemon and browser mode say they are ready, in words and in JSON', async () => {
    const dir = await makeTempDir('lifeboat-tty-')
    const pass = join(await makeTempDir('lifeboat-tty-pass-'), 'passphrase')
    await writeFile(pass, 'correct horse\n')
    const loopback = ['--listen', '/ip4/127.0.0.1/tcp/0', '--no-mdns', '--no-dht', '--passphrase-file', pass]
    const daemon = await onTerminal(['daemon', '--data', dir, ...loopback], /ready for .* Ctrl-C to stop/)
    assert.match(daemon, /\{"event":"ready"/)
    assert.match(daemon, /lifeboat daemon: ready for .* as 12D3KooW\w+, reachable at \/ip4\/127\.0\.0\.1\/tcp\/\d+/)
    const ui = await onTerminal(['ui', '--data', dir, ...loopback], /in a browser on this computer/)
    assert.match(ui, /\{"event":"ui","url":"http:\/\/127\.0\.0\.1:\d+\//)
    assert.match(ui, /lifeboat ui: open http:\/\/127\.0\.0\.1:\d+\/\?token=\S+ in a browser on this computer; Ctrl-C to stop/)
  })
})
