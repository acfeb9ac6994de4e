// A data folder protected by a passphrase: nothing readable on disk, a wrong or missing
// passphrase refused with a clear line and no change to any file, the right one opens it all.
import { after, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { readdir, readFile, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { cleanupCli, lifeboat, LOOPBACK_ARGS, makeTempDir, runCli, startDaemon } from '../support/cli.js'

async function files (dir: string): Promise<string[]> {
  const out: string[] = []
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) out.push(...await files(path))
    else if (entry.isFile()) out.push(path)
  }
  return out.sort()
}

/** Every file's name, size and modification time: what "nothing changed on disk" compares. */
async function picture (dir: string): Promise<string> {
  return (await Promise.all((await files(dir)).map(async f => { const s = await stat(f); return `${f} ${s.size} ${s.mtimeMs}` }))).join('\n')
}

describe('passphrase-protected data folder', () => {
  after(async () => { await cleanupCli() })

  test('no plaintext on disk; wrong or missing passphrase refused without a change; right one opens', async () => {
    const dir = await makeTempDir('lifeboat-pp-')
    const secrets = await makeTempDir('lifeboat-pp-secrets-')
    const good = join(secrets, 'good'); const bad = join(secrets, 'bad')
    await writeFile(good, 'correct horse battery staple\n')
    await writeFile(bad, 'correct horse battery stapler\n')

    let daemon = await startDaemon(dir, [...LOOPBACK_ARGS, '--passphrase-file', good])
    const { incidentId } = await lifeboat<{ incidentId: string }>(dir, 'incident', 'create', 'Board-level breach')
    await lifeboat(dir, 'send', incidentId, 'The CFO mailbox was read by the attacker')
    await lifeboat(dir, 'note', 'append', incidentId, 'Legal', 'Regulator deadline is Friday 17:00')
    assert.equal(await daemon.stop(), 0)

    for (const file of await files(dir)) {
      const bytes = await readFile(file)
      for (const secret of ['CFO mailbox', 'Regulator deadline', 'Board-level breach']) {
        assert.equal(bytes.includes(secret), false, `${file} holds "${secret}" in plaintext`)
      }
    }

    const before = await picture(dir)
    const wrong = await runCli(['daemon', '--data', dir, ...LOOPBACK_ARGS, '--passphrase-file', bad])
    assert.equal(wrong.code, 1)
    assert.match(wrong.stderr, /wrong passphrase/)
    assert.equal(wrong.stderr.trim().split('\n').length, 1, 'one clear line')
    const missing = await runCli(['daemon', '--data', dir, ...LOOPBACK_ARGS])
    assert.equal(missing.code, 1)
    assert.match(missing.stderr, /protected by a passphrase/)
    assert.equal(await picture(dir), before, 'refused starts changed nothing on disk')

    daemon = await startDaemon(dir, [...LOOPBACK_ARGS, '--passphrase-file', good])
    const messages = await lifeboat<Array<{ text: string }>>(dir, 'messages', incidentId)
    assert.deepEqual(messages.map(m => m.text), ['The CFO mailbox was read by the attacker'])
    assert.equal((await lifeboat<{ text: string }>(dir, 'note', 'show', incidentId, 'Legal')).text, 'Regulator deadline is Friday 17:00')
    assert.equal(await daemon.stop(), 0)
  })
})
