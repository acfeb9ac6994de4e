// `npm start` (scripts/start.js): finds the Electron binary without downloading it, launches the
// app with it, and falls back to browser mode when it is missing. A stand-in shell script plays
// Electron (the real binary cannot be downloaded here, and no test launches it).
import { after, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { cleanupCli, makeTempDir } from '../../support/cli.js'

const APP_ROOT = fileURLToPath(new URL('../../../../', import.meta.url))
const START = join(APP_ROOT, 'scripts', 'start.js')
type Found = { ok: true, path: string } | { ok: false, reason: string }
const { electronBinaryIn } = await import(new URL('../../../../scripts/start.js', import.meta.url).href) as { electronBinaryIn: (dir: string, env: Record<string, string | undefined>) => Found }
const posix = process.platform !== 'win32'

after(cleanupCli)

/** Starts scripts/start.js in a process group of its own, as a shell does for a foreground job. */
function run (args: string[], env: Record<string, string | undefined>): { stdout: string[], stderr: string[], exit: Promise<number | null>, kill: () => void, ctrlC: () => void, line: (re: RegExp) => Promise<string> } {
  const child = spawn(process.execPath, [START, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true })
  const stdout: string[] = []
  const stderr: string[] = []
  const waiting: Array<{ re: RegExp, resolve: (line: string) => void }> = []
  const onLine = (into: string[]) => (line: string) => {
    into.push(line)
    for (const w of [...waiting]) if (w.re.test(line)) { waiting.splice(waiting.indexOf(w), 1); w.resolve(line) }
  }
  createInterface({ input: child.stdout }).on('line', onLine(stdout))
  createInterface({ input: child.stderr }).on('line', onLine(stderr))
  const exit = new Promise<number | null>(resolve => child.once('close', resolve))
  return {
    stdout, stderr, exit,
    kill: () => { child.kill('SIGTERM') },
    // A terminal's Ctrl-C: SIGINT to every process of the foreground group at once (the echoes
    // wrappers add are covered by test/unit/host/stop-signals.test.ts).
    ctrlC: () => { process.kill(-(child.pid as number), 'SIGINT') },
    line: async (re) => await Promise.race([
      new Promise<string>(resolve => { const seen = [...stdout, ...stderr].find(l => re.test(l)); if (seen !== undefined) resolve(seen); else waiting.push({ re, resolve }) }),
      exit.then(code => { throw new Error(`exited ${code} before printing ${re}: ${[...stdout, ...stderr].join('\n')}`) })
    ])
  }
}

describe('npm start', () => {
  test('the binary is found from path.txt or ELECTRON_OVERRIDE_DIST_PATH, and only if it exists', async () => {
    const pkg = await makeTempDir('lifeboat-electron-pkg-')
    assert.match((electronBinaryIn(pkg, {}) as { reason: string }).reason, /not downloaded.*npx install-electron/)
    await writeFile(join(pkg, 'path.txt'), 'electron')
    assert.match((electronBinaryIn(pkg, {}) as { reason: string }).reason, /does not exist/)
    await mkdir(join(pkg, 'dist'))
    await writeFile(join(pkg, 'dist', 'electron'), '')
    assert.deepEqual(electronBinaryIn(pkg, {}), { ok: true, path: join(pkg, 'dist', 'electron') })
    const override = await makeTempDir('lifeboat-electron-dist-')
    assert.equal(electronBinaryIn(pkg, { ELECTRON_OVERRIDE_DIST_PATH: override }).ok, false)
    await writeFile(join(override, 'electron'), '')
    assert.deepEqual(electronBinaryIn(pkg, { ELECTRON_OVERRIDE_DIST_PATH: override }), { ok: true, path: join(override, 'electron') })
  })

  test('with a binary, it launches the app folder with the arguments, never as plain Node', { skip: !posix }, async () => {
    const fake = await makeTempDir('lifeboat-fake-electron-')
    const record = join(fake, 'record.txt')
    await writeFile(join(fake, 'electron'), `#!/bin/sh\nprintf '%s\\n' "$@" "RUN_AS_NODE=$ELECTRON_RUN_AS_NODE" > '${record}'\nexit 3\n`)
    await chmod(join(fake, 'electron'), 0o755)
    const started = run(['--data', '/tmp/lb-x'], { ELECTRON_OVERRIDE_DIST_PATH: fake, ELECTRON_RUN_AS_NODE: '1' })
    assert.equal(await started.exit, 3, 'the exit code of the app is passed on')
    assert.deepEqual((await readFile(record, 'utf8')).trim().split('\n'), [APP_ROOT, '--data', '/tmp/lb-x', 'RUN_AS_NODE='])
  })

  test('without a binary: one line says so, then browser mode runs and its URL is printed', async () => {
    const dataDir = await makeTempDir('lifeboat-start-')
    const missing = join(dataDir, 'no-electron-here')
    const started = run(['--data', dataDir, '--listen', '/ip4/127.0.0.1/tcp/0', '--no-mdns', '--no-dht'], { ELECTRON_OVERRIDE_DIST_PATH: missing })
    try {
      const url = await started.line(/browser mode is at http:\/\/127\.0\.0\.1:\d+\//)
      assert.match(url, /token=/)
      assert.equal(started.stderr.filter(l => /Electron/.test(l)).length, 1)
      assert.match(started.stderr[0] ?? '', /^lifeboat: no Electron binary, so no desktop window: .*Starting browser mode instead\.$/)
    } finally {
      started.kill()
    }
    assert.equal(await started.exit, 0)
  })

  test('one Ctrl-C stops browser mode cleanly: exit 0, not taken as a second press', { skip: !posix }, async () => {
    const dataDir = await makeTempDir('lifeboat-start-int-')
    const started = run(['--data', dataDir, '--listen', '/ip4/127.0.0.1/tcp/0', '--no-mdns', '--no-dht'], { ELECTRON_OVERRIDE_DIST_PATH: join(dataDir, 'none') })
    try {
      await started.line(/browser mode is at/)
      started.ctrlC()
      const code = await started.exit
      assert.equal(code, 0, [...started.stdout, ...started.stderr].join('\n'))
      assert.equal(started.stderr.some(l => /again/.test(l)), false, 'one press is not taken as two')
    } finally {
      started.kill()
    }
  })
})
