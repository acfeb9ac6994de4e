// Teams in the responder UI (issue 14), in a real Chromium against two real daemons in browser
// mode: Ana creates a team from the sidebar and invites Ben from its page; Ben's page lists the
// team apart from the incidents and his Activate incident is disabled, with the reason. Ana
// activates an incident with the ransomware playbook from the dialog, which names who will be in
// it; Ben's page is told who opened what, lists the incident without any invite, and shows its
// seeded tasks. Ana starts a drill from the Drills tab, Ben acknowledges it from the banner (named
// as a drill), and Ana's tally and report update live; the Readiness tab lists Ben's unverified
// fingerprint first; the report exports as Markdown and HTML downloads. The new screens pass
// axe-core in every theme. Screenshots go to test-artifacts/.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Page } from 'playwright-core'
import { audit, describeFindings, type Finding } from './a11y-support.js'
import { until } from './browser.js'
import { twoMembers, type TwoMembers } from './two-members.js'

const ARTIFACTS = join(fileURLToPath(new URL('../../../', import.meta.url)), 'test-artifacts')
const BRIDGE = 'Standing bridge'
const TEAM = 'Security on-call'
const INCIDENT = 'Ransomware at the depot'
const DRILL = 'Drill: acknowledge within five minutes'

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

describe('teams in the UI (two nodes, browser mode)', { timeout: 240_000 }, () => {
  let members: TwoMembers
  let pageA: Page, pageB: Page
  const findings: Finding[] = []
  const teamItem = (page: Page) => page.getByRole('list', { name: 'Teams', exact: true }).getByRole('button', { name: new RegExp(`^${escape(TEAM)}, `) })
  const shot = async (page: Page, name: string): Promise<void> => { await page.screenshot({ path: join(ARTIFACTS, `team-${name}.png`) }) }

  before(async () => {
    await mkdir(ARTIFACTS, { recursive: true })
    members = await twoMembers('lifeboat-team', BRIDGE, { downloads: true })
    ;({ pageA, pageB } = members)
  })

  after(async () => { await members?.stop() })

  test('Ana creates a team and invites Ben from its page; Ben sees it apart from the incidents, with Activate disabled', async () => {
    await pageA.getByRole('button', { name: 'New team' }).click()
    await pageA.getByLabel('Team name').fill(TEAM)
    await pageA.getByRole('button', { name: 'Create team' }).click()
    await pageA.getByRole('heading', { name: TEAM, level: 1 }).waitFor()
    const teams = await members.controlA.call('listTeams', {})
    assert.deepEqual(teams.map(t => [t.name, t.role, t.members]), [[TEAM, 'admin', 1]])
    assert.ok(!(await members.controlA.call('listIncidents', {})).some(i => i.title === TEAM), 'a team is not an incident')
    assert.equal(await pageA.getByRole('list', { name: 'Teams', exact: true }).getByRole('listitem').count(), 1)
    assert.equal(await pageA.getByRole('list', { name: 'Incidents', exact: true }).getByText(TEAM).count(), 0, 'the team is not listed among the incidents')
    assert.ok(await pageA.getByRole('button', { name: 'Activate incident' }).isEnabled())

    await pageA.getByRole('button', { name: 'Invite', exact: true }).click()
    await pageA.getByRole('button', { name: 'Create invite link' }).click()
    const invite = await pageA.getByLabel('Invite link', { exact: true }).inputValue()
    assert.match(invite, /^lifeboat:/i)
    await pageA.getByRole('dialog').getByRole('button', { name: 'Close' }).click()
    await members.controlB.call('join', { invite })

    await teamItem(pageB).click({ timeout: 30_000 })
    await pageB.getByRole('heading', { name: TEAM, level: 1 }).waitFor()
    const activate = pageB.getByRole('button', { name: 'Activate incident' })
    assert.ok(await activate.isDisabled(), 'a responder cannot activate')
    assert.match(await pageB.locator('#activate-why').textContent() ?? '', /Only the team’s admins can activate an incident/)
    assert.equal(await pageB.getByRole('button', { name: 'Invite', exact: true }).count(), 0)
    await until('Ben in Ana\'s team header', async () => /^2 members/.test(await pageA.locator('.incident-sub').getByText(/members ·/).textContent() ?? ''))
    await shot(pageB, 'responder')
    findings.push(...await audit(pageB, 'a team page of a responder'))
  })

  test('Ana activates an incident with a playbook; Ben is told, and has it and its tasks without an invite', async () => {
    await pageA.getByRole('button', { name: 'Activate incident' }).click()
    const dialog = pageA.getByRole('dialog', { name: `Activate an incident for ${TEAM}` })
    await dialog.getByLabel('Incident title').fill(INCIDENT)
    await dialog.getByLabel('Playbook').selectOption('ransomware')
    assert.match(await dialog.locator('#activate-playbook-hint').textContent() ?? '', /6 tasks, 3 checkpoints, 2 notes\.$/)
    const who = dialog.getByRole('list', { name: /^Who will be in it \(2 members\)$/ })
    await until('both members in the dialog', async () => await who.getByRole('listitem').count() === 2)
    assert.deepEqual((await who.getByRole('listitem').allTextContents()).map(t => t.trim()), ['Ana Costa (you) admin', 'Ben Okafor responder'])
    await shot(pageA, 'activate-dialog')
    findings.push(...await audit(pageA, 'the Activate incident dialog'))
    await dialog.getByRole('button', { name: 'Activate incident' }).click()
    await pageA.getByRole('heading', { name: INCIDENT, level: 1 }).waitFor()

    const notice = pageB.getByRole('alert').filter({ hasText: `Ana Costa opened “${INCIDENT}” for ${TEAM}` })
    await notice.waitFor({ timeout: 30_000 })
    await pageB.getByRole('button', { name: new RegExp(`^${escape(INCIDENT)}, responder · 2 members · ${escape(TEAM)}`) }).waitFor()
    const bens = await members.controlB.call('listIncidents', {})
    assert.deepEqual(bens.find(i => i.title === INCIDENT)?.team?.name, TEAM)
    await shot(pageB, 'activated-notice')
    await notice.getByRole('button', { name: `Open ${INCIDENT}` }).click()
    await pageB.getByRole('heading', { name: INCIDENT, level: 1 }).waitFor()
    assert.equal(await notice.count(), 0, 'the notice goes once opened')
    await pageB.getByRole('tab', { name: 'Tasks' }).click()
    await pageB.getByText('Isolate affected hosts from the network (do not power them off)').waitFor({ timeout: 30_000 })
    await pageB.getByText('Check that offline backups are intact and unreachable from the network').waitFor()
  })

  test('Ana starts a drill; Ben acknowledges it from the banner; Ana\'s tally and report update live', async () => {
    await teamItem(pageA).click()
    await pageA.getByRole('tab', { name: 'Drills' }).click()
    await pageA.getByLabel('Drill message (optional)').fill(DRILL)
    await pageA.getByRole('button', { name: 'Start drill' }).click()
    await pageA.getByText('Drill started: every member is asked to acknowledge').waitFor()
    const tally = pageA.locator('.drill-tally').first()
    await until('the drill\'s tally', async () => /Acknowledged 0\/1/.test(await tally.textContent() ?? ''))

    await until('the drill badge on Ben\'s team', async () => /drill to acknowledge$/.test(await teamItem(pageB).getAttribute('aria-label') ?? ''))
    await teamItem(pageB).click()
    const banner = pageB.getByRole('status').filter({ hasText: 'Readiness drill from Ana Costa' })
    await banner.waitFor({ timeout: 20_000 })
    assert.match(await banner.textContent() ?? '', new RegExp(`${escape(DRILL)}.*nothing has happened`))
    await shot(pageB, 'drill-banner')
    findings.push(...await audit(pageB, 'a drill in the banner'))
    await banner.getByRole('button', { name: 'Acknowledge' }).click()
    await until('the banner gone once acknowledged', async () => await banner.count() === 0)
    await until('the badge gone', async () => !/drill/.test(await teamItem(pageB).getAttribute('aria-label') ?? 'drill'))

    await until('acked 1/1 in Ana\'s tally', async () => /^Reached 1\/1 · Acknowledged 1\/1 · /.test(await tally.textContent() ?? ''), 20_000)
    const row = pageA.getByRole('table', { name: /^Drill report, started / }).getByRole('row', { name: /Ben Okafor/ })
    const cells = (await row.getByRole('cell').allTextContents()).map(c => c.trim())
    assert.equal(cells[0], 'Ben Okafor')
    assert.equal(cells[1], 'Acknowledged')
    assert.match(cells[2] ?? '', /^\d+(\.\d)? m?s$|^\d+ min \d+ s$/, 'a time to reach his device')
    assert.match(cells[3] ?? '', /^\d+(\.\d)? m?s$|^\d+ min \d+ s$/, 'a time to his acknowledgement')
    assert.equal(cells[4], 'not verified')
    assert.match(cells[5] ?? '', /^\d+\.\d+\.\d+/, 'the version his device runs')
    await shot(pageA, 'drill-report')
    findings.push(...await audit(pageA, 'the Drills tab of an admin'))
  })

  test('the Readiness tab lists Ben first, warned that his fingerprint was never verified', async () => {
    await pageA.getByRole('tab', { name: 'Readiness' }).click()
    const rows = pageA.getByRole('table', { name: /^Readiness of Security on-call/ }).locator('tbody tr')
    await until('both rows', async () => await rows.count() === 2)
    const first = rows.nth(0)
    assert.match(await first.getByRole('cell').first().textContent() ?? '', /^Ben Okafor$/)
    assert.match(await first.textContent() ?? '', /fingerprint never verified/)
    assert.match(await first.getAttribute('class') ?? '', /readiness-warn/)
    assert.match(await rows.nth(1).textContent() ?? '', /^Ana Costa \(you\)ready/)
    assert.equal(await rows.nth(1).getAttribute('class'), null)
    assert.equal(await pageA.locator('.readiness-summary').textContent(), '1 member needs attention (listed first)')
    await shot(pageA, 'readiness')
    findings.push(...await audit(pageA, 'the Readiness tab'))
  })

  test('the drill report downloads as Markdown and HTML', async () => {
    await pageA.getByRole('tab', { name: 'Drills' }).click()
    for (const [label, ext, mark] of [['Export Markdown', 'md', '# Drill report'], ['Export HTML', 'html', '<title>Drill report']] as const) {
      const [download] = await Promise.all([pageA.waitForEvent('download'), pageA.getByRole('button', { name: label }).first().click()])
      assert.match(download.suggestedFilename(), new RegExp(`^drill-\\d{4}-\\d{2}-\\d{2}\\.${ext}$`))
      const text = await readFile(await download.path(), 'utf8')
      assert.ok(text.includes(mark), `${ext} holds "${mark}": ${text.slice(0, 200)}`)
      assert.match(text, /Drill report/)
      assert.match(text, /Ben Okafor/)
      assert.ok(text.includes(DRILL))
    }
  })

  test('the new screens pass axe-core in every theme', () => {
    assert.equal(findings.length, 0, `axe-core found ${findings.length} critical or serious problem(s):\n${describeFindings(findings)}`)
  })
})
