// The invite and role screens as a new user meets them (issue 11), in a real Chromium against
// real daemons: a damaged link is refused in plain words; the join screen shows the incident's
// title and the inviter's name and fingerprint before the user confirms; the invite dialog's QR
// code holds the compact link; making someone an admin and removing someone ask first, naming the
// person and what follows. Screenshots go to /tmp/shots-invite/.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { existsSync, mkdirSync } from 'node:fs'
import { chromium, type Browser, type Page } from 'playwright-core'
import type { MemberInfo, Whoami } from '../../p2p/api/types.js'
import { INVITE_DAMAGED } from '../../p2p/membership/invite-link.js'
import { cleanupCli, lifeboat, LOOPBACK_ARGS, makeTempDir, startDaemon, type RunningDaemon } from '../support/cli.js'
import { startUi, stopAllUi, type UiProcess } from './ui-servers.js'
import { CHROMIUM, CHROMIUM_ARGS, until } from './browser.js'

const SHOTS = '/tmp/shots-invite'
const BEN_TITLE = 'Phishing wave'
const ANA_TITLE = 'Ransomware at the depot'

describe('invites and roles in the UI', { timeout: 240_000 }, () => {
  let browser: Browser
  let ana: RunningDaemon, ben: RunningDaemon
  let ui: UiProcess
  let page: Page
  const shot = async (name: string): Promise<void> => { await page.screenshot({ path: `${SHOTS}/after-${name}.png` }) }

  before(async () => {
    assert.ok(existsSync(CHROMIUM), `${CHROMIUM} is missing`)
    mkdirSync(SHOTS, { recursive: true })
    const [dirA, dirB] = await Promise.all([makeTempDir('lifeboat-inv-a-'), makeTempDir('lifeboat-inv-b-')])
    ;[ana, ben] = await Promise.all([startDaemon(dirA, [...LOOPBACK_ARGS, '--name', 'Ana Costa']), startDaemon(dirB, [...LOOPBACK_ARGS, '--name', 'Ben Okafor'])])
    ui = await startUi(dirA)
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS })
    page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage()
    page.on('pageerror', err => { process.stderr.write(`page error: ${err.message}\n`) })
    await page.goto(ui.url)
    await page.getByRole('button', { name: 'Continue' }).click()
  })

  after(async () => {
    await browser?.close().catch(() => undefined)
    await ui?.stop().catch(() => undefined)
    await stopAllUi()
    await cleanupCli()
  })

  test('a damaged link gets a plain-language error, and Join stays off', async () => {
    const { incidentId } = await lifeboat<{ incidentId: string }>(ben.dir, 'incident', 'create', BEN_TITLE)
    const { invite } = await lifeboat<{ invite: string }>(ben.dir, 'invite', 'create', incidentId)
    await page.getByRole('button', { name: 'Join with a link' }).first().click()
    await page.getByLabel('Invite link', { exact: true }).fill(invite.slice(0, -6))
    const alert = page.locator('.field-error[role="alert"]')
    await alert.waitFor()
    assert.equal(await alert.textContent(), INVITE_DAMAGED)
    assert.ok(await page.getByRole('button', { name: 'Join', exact: true }).isDisabled())
    await shot('damaged-link')
    await page.getByLabel('Invite link', { exact: true }).fill(invite)
  })

  test('the join screen shows the title and the inviter (name, fingerprint) before joining', async () => {
    const benPrint = (await lifeboat<Whoami>(ben.dir, 'whoami')).fingerprint
    const card = page.getByRole('region', { name: 'About this invite' })
    await until('the inviter\'s name', async () => (await card.textContent() ?? '').includes('Ben Okafor'))
    const text = await card.textContent() ?? ''
    assert.match(text, new RegExp(`Incident${BEN_TITLE}`))
    assert.match(text, /Invited byBen Okafor/)
    assert.match(text, /Your roleresponder/)
    const shown = await card.getByRole('group', { name: 'Fingerprint of Ben Okafor' }).locator('code').allTextContents()
    assert.equal(shown.join(' ').replace(/\s+/g, ' '), benPrint)
    assert.deepEqual(await lifeboat(ana.dir, 'incident', 'list'), [], 'nothing joined before the user confirms')
    await shot('join-preview')
    await page.getByRole('button', { name: 'Join', exact: true }).click()
    await page.getByRole('heading', { name: BEN_TITLE, level: 1 }).waitFor({ timeout: 30_000 })
  })

  test('the invite dialog shows the compact link and its QR code', async () => {
    await page.getByRole('button', { name: 'New incident' }).first().click()
    await page.getByLabel('Title').fill(ANA_TITLE)
    await page.getByRole('button', { name: 'Create incident' }).click()
    await page.getByRole('heading', { name: ANA_TITLE, level: 1 }).waitFor()
    await page.getByRole('button', { name: 'Invite', exact: true }).click()
    await page.getByRole('button', { name: 'Create invite link' }).click()
    const link = await page.getByLabel('Invite link', { exact: true }).inputValue()
    assert.match(link, /^lifeboat:\/\/join\/2-[a-z2-7]+$/)
    await page.getByRole('img', { name: 'QR code of the invite link' }).waitFor()
    await shot('invite-qr')
    await page.getByRole('button', { name: 'Close' }).click()
    await lifeboat(ben.dir, 'join', link)
  })

  test('making someone an admin asks first, naming them and what admins can do; Cancel changes nothing', async () => {
    const [incident] = (await lifeboat<Array<{ incidentId: string, title: string }>>(ana.dir, 'incident', 'list')).filter(i => i.title === ANA_TITLE)
    const roles = async (): Promise<string[]> => (await lifeboat<MemberInfo[]>(ana.dir, 'members', incident?.incidentId as string)).map(m => `${m.name}:${m.role}`).sort()
    await page.getByRole('tab', { name: 'Members' }).click()
    const role = page.getByLabel('Role of Ben Okafor')
    await role.waitFor({ timeout: 30_000 })
    await role.selectOption('admin')
    const dialog = page.getByRole('dialog', { name: 'Make Ben Okafor an admin?' })
    await dialog.waitFor()
    assert.match(await dialog.textContent() ?? '', /Ben Okafor will be able to .*remove any member, including other admins and you/)
    await shot('confirm-admin')
    await dialog.getByRole('button', { name: 'Cancel' }).click()
    assert.equal(await role.inputValue(), 'responder')
    assert.deepEqual(await roles(), ['Ana Costa:admin', 'Ben Okafor:responder'])
    await role.selectOption('admin')
    await page.getByRole('button', { name: 'Make Ben Okafor an admin' }).click()
    await until('Ben an admin', async () => (await roles()).includes('Ben Okafor:admin'))
  })

  test('removing someone asks first, naming them and the key rotation', async () => {
    await page.getByRole('button', { name: 'Remove Ben Okafor' }).click()
    const dialog = page.getByRole('dialog', { name: 'Remove Ben Okafor?' })
    await dialog.waitFor()
    assert.match(await dialog.textContent() ?? '', /Ben Okafor loses access .*the incident key is rotated/)
    await shot('confirm-remove')
    await dialog.getByRole('button', { name: 'Remove and rotate key' }).click()
    await until('Ben gone from Members', async () => await page.getByLabel('Role of Ben Okafor').count() === 0)
  })

  test('both daemons stop cleanly', async () => {
    await ui.stop()
    assert.deepEqual(await Promise.all([ana.stop(), ben.stop()]), [0, 0])
  })
})
