// The public bulletin in the responder UI (issue 13), in a real Chromium against two real daemons
// in browser mode: Ana (admin) opens the Bulletin tab, makes the key, writes a statement, sees the
// preview, publishes it after the confirm step and saves the three files, which `bulletin verify`'s
// own check accepts against the fingerprint on screen. Ben (responder) sees the bulletin arrive and
// the same fingerprint, and no composer. When Ben becomes admin, Ana gives his device a copy of the
// key; when he no longer is, she rotates the key he held. The screens pass axe-core. Screenshots go
// to test-artifacts/.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Download, Page } from 'playwright-core'
import { checkFolder, type BulletinFileName } from '../../p2p/bulletin/bulletin-files.js'
import { audit, describeFindings } from './a11y-support.js'
import { until } from './browser.js'
import { twoMembers, type TwoMembers } from './two-members.js'

const ARTIFACTS = join(fileURLToPath(new URL('../../../', import.meta.url)), 'test-artifacts')
const TITLE = 'Customer portal outage'
const STATEMENT = 'Our customer portal is down while we investigate a security incident.\nWe will never ask for your password by email. Next update at 18:00 UTC.'

/** The fingerprint as the page shows it. */
async function fingerprintOn (page: Page): Promise<string> {
  const group = page.getByRole('group', { name: 'Bulletin key fingerprint' })
  await group.waitFor({ timeout: 20_000 })
  return (await group.textContent() ?? '').trim()
}

describe('the public bulletin in the UI (two nodes, browser mode)', { timeout: 180_000 }, () => {
  let members: TwoMembers
  let pageA: Page, pageB: Page

  before(async () => {
    await mkdir(ARTIFACTS, { recursive: true })
    members = await twoMembers('lifeboat-bulletin-ui', TITLE, { downloads: true })
    ;({ pageA, pageB } = members)
  })

  after(async () => { await members?.stop() })

  test('Ana makes the key, previews, publishes and saves the files; Ben sees the bulletin and the same fingerprint, and no composer', async () => {
    await pageB.getByRole('tab', { name: 'Bulletin' }).click()
    await pageB.getByText('No bulletin key yet: an admin creates it.').waitFor()
    assert.equal(await pageB.getByRole('button', { name: 'Create bulletin key' }).count(), 0)

    await pageA.getByRole('tab', { name: 'Bulletin' }).click()
    await pageA.getByRole('button', { name: 'Create bulletin key' }).click()
    const fingerprint = await fingerprintOn(pageA)
    assert.match(fingerprint, /^[0-9A-F]{4}(-[0-9A-F]{4}){9}$/)
    assert.equal(fingerprint, (await members.controlA.call('bulletins', { incidentId: members.incidentId })).key?.fingerprint)
    await pageA.getByText('Publish this fingerprint (e.g. on your website) before an incident, so the public can check bulletins.').waitFor()

    await pageA.getByLabel('Statement to the public').fill(STATEMENT)
    const preview = pageA.getByRole('region', { name: 'Preview' })
    await until('the preview shows the statement as bulletin 1', async () => {
      const text = await preview.textContent() ?? ''
      return text.includes('Bulletin 1') && text.includes('now') && text.includes('We will never ask for your password by email.')
    })
    await pageA.getByRole('button', { name: 'Publish bulletin 1' }).click()
    const dialog = pageA.getByRole('dialog', { name: 'Publish bulletin 1?' })
    assert.match(await dialog.textContent() ?? '', /This is signed and public: it cannot be taken back/)
    await dialog.getByRole('button', { name: 'Publish', exact: true }).click()
    const listA = pageA.getByRole('list', { name: 'Published bulletins' })
    await until('bulletin 1 in Ana\'s list', async () => (await listA.textContent() ?? '').includes('Our customer portal is down'))
    assert.equal(await pageA.getByLabel('Statement to the public').inputValue(), '', 'the composer is cleared')
    assert.match(await listA.locator('.bulletin-sig').first().getAttribute('title') ?? '', /^Signature [0-9a-f]{128}$/)

    const downloads: Download[] = []
    pageA.on('download', d => { downloads.push(d) })
    await pageA.getByRole('button', { name: 'Save files' }).click()
    await until('three files downloaded', async () => downloads.length === 3, 15_000)
    const files: Partial<Record<BulletinFileName, string>> = {}
    for (const d of downloads) files[d.suggestedFilename() as BulletinFileName] = await readFile(await d.path(), 'utf8')
    assert.deepEqual(Object.keys(files).sort(), ['bulletin.json', 'bulletin.txt', 'index.html'])
    const json = JSON.parse(files['bulletin.json'] ?? '') as { fingerprint: string, bulletins: Array<{ seq: number, text: string }> }
    assert.equal(json.fingerprint, fingerprint)
    assert.deepEqual(json.bulletins.map(b => [b.seq, b.text]), [[1, STATEMENT]])
    assert.ok(files['index.html']?.includes(fingerprint), 'the page shows the fingerprint')
    assert.ok(files['index.html']?.includes('Our customer portal is down'), 'the page holds the statement')
    const report = checkFolder(files, fingerprint)
    assert.ok(report.ok, `the saved folder verifies: ${report.error ?? ''}`)
    await pageA.screenshot({ path: join(ARTIFACTS, 'bulletin-admin.png'), fullPage: true })

    const listB = pageB.getByRole('list', { name: 'Published bulletins' })
    await until('bulletin 1 on Ben\'s page', async () => (await listB.textContent() ?? '').includes('Our customer portal is down'), 30_000)
    assert.equal(await fingerprintOn(pageB), fingerprint)
    assert.equal(await pageB.getByLabel('Statement to the public').count(), 0, 'no composer for a responder')
    assert.equal(await pageB.getByRole('button', { name: /Publish|Rotate key/ }).count(), 0)
    await pageB.getByRole('button', { name: 'Save files' }).waitFor()
    await pageB.screenshot({ path: join(ARTIFACTS, 'bulletin-member.png'), fullPage: true })

    const findings = [...await audit(pageA, 'the Bulletin tab of an admin'), ...await audit(pageB, 'the Bulletin tab of a responder')]
    assert.equal(findings.length, 0, `axe-core found ${findings.length} critical or serious problem(s):\n${describeFindings(findings)}`)
  })

  test('a new admin without a copy gets one from Ana; once he is no longer admin, Ana rotates the exposed key', async () => {
    const { incidentId, controlA, controlB } = members
    const ben = (await controlB.call('whoami', {})).peerId
    const fingerprint = await fingerprintOn(pageA)
    await controlA.call('setRole', { incidentId, peerId: ben, role: 'admin' })
    const missing = pageA.getByText('Ben Okafor is an admin whose device has no copy of the key yet, so cannot publish.')
    await missing.waitFor({ timeout: 20_000 })
    await pageB.getByText('This device holds no copy of the bulletin key yet, so you cannot publish').waitFor({ timeout: 20_000 })
    assert.ok(await pageB.getByRole('button', { name: 'Publish bulletin 2' }).isDisabled(), 'Ben cannot publish without a copy')
    await pageA.getByRole('button', { name: 'Give them a copy' }).click()
    await until('the warning gone once Ben holds a copy', async () => await missing.count() === 0, 20_000)
    await until('Ben\'s device holds a copy', async () => (await controlB.call('bulletins', { incidentId })).key?.holders.includes(ben) === true, 20_000)

    await controlA.call('setRole', { incidentId, peerId: ben, role: 'responder' })
    const exposed = pageA.getByText('Ben Okafor held a copy of this key and is no longer admin')
    await exposed.waitFor({ timeout: 20_000 })
    await pageA.screenshot({ path: join(ARTIFACTS, 'bulletin-exposed.png') })
    const findings = await audit(pageA, 'the Bulletin tab warning of an exposed key')
    assert.equal(findings.length, 0, `axe-core found ${findings.length} critical or serious problem(s):\n${describeFindings(findings)}`)
    await pageA.getByRole('button', { name: 'Rotate key' }).click()
    await pageA.getByRole('dialog', { name: 'Rotate the bulletin key?' }).getByRole('button', { name: 'Rotate key' }).click()
    await until('a new fingerprint on Ana\'s page', async () => await fingerprintOn(pageA) !== fingerprint, 20_000)
    await until('the exposed warning gone', async () => await exposed.count() === 0)
    await pageA.getByText('signed with an earlier key').waitFor()
    await until('the new fingerprint on Ben\'s page', async () => await fingerprintOn(pageB) === await fingerprintOn(pageA), 30_000)
  })
})
