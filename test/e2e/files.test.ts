// Shared files in the responder UI (issue 12), in a real Chromium against two real daemons in
// browser mode: Ana attaches a file in her page (the hidden file input behind "Attach file"),
// marked as evidence; Ben's page shows its card and saves it, and the saved bytes have the
// original's SHA-256; an image shows as a preview from its decrypted bytes (a blob: URL); the
// Evidence tab lists the file with its full hash and both holders, and passes axe-core; the admin
// sets the incident's automatic-fetch size there and the other member's page says it.
// Screenshots go to test-artifacts/ (and to SHOTS_DIR if set).
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { createHash, randomBytes } from 'node:crypto'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Page } from 'playwright-core'
import type { ControlClient } from '../../p2p/host/control/client.js'
import { makeTempDir } from '../support/cli.js'
import { audit, describeFindings } from './a11y-support.js'
import { until } from './browser.js'
import { twoMembers, type TwoMembers } from './two-members.js'

const ARTIFACTS = join(fileURLToPath(new URL('../../../', import.meta.url)), 'test-artifacts')
const SHOTS = [ARTIFACTS, ...(process.env.SHOTS_DIR === undefined ? [] : [process.env.SHOTS_DIR])]
const TITLE = 'Ransomware at plant 3'
const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex')

async function shot (page: Page, name: string): Promise<void> {
  for (const dir of SHOTS) await page.screenshot({ path: join(dir, `files-${name}.png`) })
}

describe('shared files in the UI (two nodes, browser mode)', { timeout: 240_000 }, () => {
  let members: TwoMembers
  let controlB: ControlClient
  let pageA: Page, pageB: Page
  let incidentId = ''
  let work = ''
  const evidence = randomBytes(3 * 1024 * 1024 + 4321)

  before(async () => {
    for (const dir of SHOTS) await mkdir(dir, { recursive: true })
    work = await makeTempDir('lifeboat-files-work-')
    members = await twoMembers('lifeboat-files', TITLE, { downloads: true })
    ;({ incidentId, controlB, pageA, pageB } = members)
    await members.controlA.call('sendMessage', { incidentId, text: 'Imaging fs-02 now; the memory dump follows.' })
  })

  after(async () => { await members?.stop() })

  test('A attaches a file as evidence; B sees its card and saves the same bytes', async () => {
    const path = join(work, 'fs-02-memory.bin')
    await writeFile(path, evidence)
    assert.ok(await pageA.getByRole('button', { name: 'Attach file' }).isVisible())
    const started = Date.now()
    await pageA.locator('.composer input[type="file"]').setInputFiles(path)
    const dialog = pageA.getByRole('dialog', { name: 'Share fs-02-memory.bin' })
    await dialog.getByLabel('Caption (optional)').fill('Memory dump of fs-02')
    await dialog.getByRole('checkbox', { name: /Evidence/ }).check()
    await dialog.getByRole('button', { name: 'Share' }).click()
    const cardA = pageA.getByRole('article', { name: 'fs-02-memory.bin' })
    await cardA.waitFor({ timeout: 30_000 })
    console.log(`# ${evidence.length} bytes sent through the page and shared in ${Date.now() - started} ms`)
    const hash = sha256(evidence)
    assert.equal(await cardA.getAttribute('aria-describedby') !== null, true)
    assert.match(await cardA.locator('.sr-only').textContent() ?? '', new RegExp(`SHA-256 ${hash}`))
    assert.match(await cardA.textContent() ?? '', /evidence.*3\.0 MiB.*held by [12] of 2/)

    const cardB = pageB.getByRole('article', { name: 'fs-02-memory.bin' })
    await cardB.waitFor({ timeout: 30_000 })
    const downloading = pageB.waitForEvent('download')
    const saved = Date.now()
    await cardB.getByRole('button', { name: 'Save fs-02-memory.bin' }).click()
    const download = await downloading
    assert.equal(download.suggestedFilename(), 'fs-02-memory.bin')
    const bytes = await readFile(await download.path())
    console.log(`# B saved it in ${Date.now() - saved} ms`)
    assert.equal(sha256(bytes), hash)
    await until('B holding it shows on A', async () => /held by 2 of 2/.test(await cardA.textContent() ?? ''))
  })

  test('an image shows as a preview from its decrypted bytes', async () => {
    const png = await pageA.screenshot({ clip: { x: 0, y: 0, width: 480, height: 240 } })
    const path = join(work, 'edr-alert.png')
    await writeFile(path, png)
    await pageA.locator('.composer input[type="file"]').setInputFiles(path)
    await pageA.getByRole('dialog').getByRole('button', { name: 'Share' }).click()
    const preview = pageB.getByRole('img', { name: 'Preview of edr-alert.png' })
    await preview.waitFor({ timeout: 30_000 })
    assert.match(await preview.getAttribute('src') ?? '', /^blob:http:\/\/127\.0\.0\.1:\d+\//)
    await until('the preview drawn', async () => await preview.evaluate(img => (img as unknown as { naturalWidth: number }).naturalWidth) === 480)
    await pageB.locator('.messages').evaluate(el => { (el as unknown as { scrollTop: number, scrollHeight: number }).scrollTop = (el as unknown as { scrollHeight: number }).scrollHeight })
    await shot(pageB, 'chat')
  })

  test('the Evidence tab lists the file with its hash and both holders, and passes axe-core', async () => {
    await pageB.getByRole('tab', { name: 'Evidence' }).click()
    const item = pageB.getByRole('listitem').filter({ has: pageB.getByRole('heading', { name: 'fs-02-memory.bin' }) })
    await item.waitFor()
    assert.equal(await item.locator('.evidence-hash code').textContent(), sha256(evidence))
    assert.ok(await item.getByRole('button', { name: 'Copy the SHA-256 of fs-02-memory.bin' }).isVisible())
    assert.match(await item.textContent() ?? '', /by Ana Costa at \d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z/)
    const custody = item.getByRole('list', { name: 'Members holding a verified copy of fs-02-memory.bin' })
    await until('both holders listed', async () => (await custody.getByRole('listitem').count()) === 2)
    assert.deepEqual((await custody.locator('.custody-name').allTextContents()).sort(), ['Ana Costa', 'Ben Okafor'])
    assert.equal(await pageB.getByRole('heading', { name: 'edr-alert.png' }).count(), 0, 'a file not shared as evidence is not listed')
    await shot(pageB, 'evidence')
    const findings = await audit(pageB, 'the Evidence tab')
    await pageB.getByRole('tab', { name: 'Chat' }).click()
    await pageB.getByRole('article', { name: 'fs-02-memory.bin' }).waitFor()
    findings.push(...await audit(pageB, 'the chat with file cards'))
    assert.equal(findings.length, 0, `axe-core found ${findings.length} critical or serious problem(s):\n${describeFindings(findings)}`)
  })

  test('the admin sets the automatic-fetch size on the Evidence tab; the other member\'s page says it, with who set it', async () => {
    await pageA.getByRole('tab', { name: 'Evidence' }).click()
    const select = pageA.getByLabel('Every member keeps files up to')
    assert.equal(await select.inputValue(), String(25 * 1024 * 1024), 'the default')
    await select.selectOption({ label: '100.0 MiB' })
    await pageA.getByText('Every member now keeps files up to 100.0 MiB').waitFor()
    await pageB.getByRole('tab', { name: 'Evidence' }).click()
    await until('B\'s page to say the new size', async () =>
      (await pageB.locator('.auto-fetch').textContent()) === 'Files up to 100.0 MiB are kept on every member\'s device automatically (set by Ana Costa).')
    assert.equal(await pageB.getByLabel('Every member keeps files up to').count(), 0, 'a responder cannot change it')
    assert.equal((await controlB.call('incidentSettings', { incidentId })).autoFetchBytes, 100 * 1024 * 1024)
    const findings = await audit(pageA, 'the Evidence tab of an admin')
    assert.equal(findings.length, 0, `axe-core found ${findings.length} critical or serious problem(s):\n${describeFindings(findings)}`)
  })
})
