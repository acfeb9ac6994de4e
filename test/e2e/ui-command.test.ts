// `lifeboat ui` without a daemon: it starts the node in its own process (with the control socket,
// so the CLI works alongside), prints its URL line, serves the page for the token only, and stops
// cleanly on SIGTERM.
import { after, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { cleanupCli, lifeboat, LOOPBACK_ARGS, makeTempDir } from '../support/cli.js'
import { startUi, stopAllUi } from './ui-servers.js'

describe('lifeboat ui with no daemon running', () => {
  after(async () => { await stopAllUi(); await cleanupCli() })

  test('starts the node in-process, serves the page on 127.0.0.1 and stops on SIGTERM', async () => {
    const dir = await makeTempDir('lifeboat-ui-cmd-')
    const ui = await startUi(dir, [...LOOPBACK_ARGS, '--name', 'Solo'])
    const url = new URL(ui.url)
    assert.equal(url.hostname, '127.0.0.1')
    assert.match(url.searchParams.get('token') ?? '', /^[A-Za-z0-9_-]{40,}$/)
    assert.match(ui.stderr(), /started the node in this process/)
    const me = await lifeboat<{ name: string }>(dir, 'whoami')
    assert.equal(me.name, 'Solo')
    const page = await fetch(ui.url)
    assert.equal(page.status, 200)
    assert.match(await page.text(), /<div id="root">/)
    const noToken = await fetch(`${url.origin}/`)
    assert.equal(noToken.status, 403)
    const exited = new Promise<number | null>(resolve => ui.proc.once('exit', code => resolve(code)))
    ui.proc.kill('SIGTERM')
    assert.equal(await exited, 0)
  })
})
