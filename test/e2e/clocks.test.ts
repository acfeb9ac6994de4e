// The regulatory clocks in the UI (issue 17), in a real Chromium against two real daemons in
// browser mode: Ana (admin, her page in New York time) ticks NIS2 and GDPR on the Clocks tab and
// saves, records "aware" two hours ago in the datetime-local field (the UTC it stores is shown);
// the strip appears on both pages with the NIS2 early warning due in about 22 h, in local time and
// UTC, and its countdown ticks with the page's clock. Ben (responder, UTC) sees on his Clocks tab
// the due times his own node computes, no admin controls, and the line saying only admins record
// facts. Ana marks the early warning submitted (asked first): Ben's page shows it submitted and
// both strips move on to the notification. Ana's GDPR draft shows [TO COMPLETE] and the title,
// previews as sandboxed HTML, and downloads as a .md equal to the API's draft. The tab (admin and
// responder) and the draft dialog pass axe-core. Screenshots: test-artifacts/clocks*.png.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Locator, Page } from 'playwright-core'
import type { ClockInfo } from '../../p2p/api/types.js'
import { audit, describeFindings, type Finding } from './a11y-support.js'
import { until } from './browser.js'
import { twoMembers, type TwoMembers } from './two-members.js'

const ARTIFACTS = join(fileURLToPath(new URL('../../../', import.meta.url)), 'test-artifacts')
const TITLE = 'Payroll data exfiltrated'
const EVENT = 'Outbound transfer of payroll.zip to 203.0.113.7'
const ANA_ZONE = 'America/New_York'
const HOUR = 3_600_000
const NAMES: Record<string, string> = { 'nis2/early-warning': 'NIS2 early warning', 'nis2/notification': 'NIS2 incident notification', 'gdpr/report': 'GDPR breach notification' }

/** `ms` in `zone` as a datetime-local value: YYYY-MM-DDTHH:MM. */
function zoned (ms: number, zone: string): string {
  const p = Object.fromEntries(new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
    .formatToParts(new Date(ms)).map(part => [part.type, part.value]))
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}`
}
const utcText = (ms: number): string => new Date(ms).toISOString().slice(0, 16).replace('T', ' ') + ' UTC'
const strip = (page: Page): Locator => page.locator('.clocks-strip')
const stripText = async (page: Page): Promise<string> => (await strip(page).textContent() ?? '').replace(/\s+/g, ' ').trim()
const row = (page: Page, report: string): Locator => page.locator(`tr[data-report="${report}"]`)
const tab = async (page: Page, name: string): Promise<void> => { await page.getByRole('tab', { name }).click() }

describe('regulatory clocks in the UI (two nodes, browser mode)', { timeout: 180_000 }, () => {
  let members: TwoMembers
  let ana: Page, ben: Page
  let incidentId = ''
  let awareAt = 0
  const findings: Finding[] = []

  before(async () => {
    await mkdir(ARTIFACTS, { recursive: true })
    members = await twoMembers('lifeboat-clocks', TITLE)
    ;({ pageB: ben, incidentId } = members)
    await members.controlA.call('timelineAdd', { incidentId, occurredAt: new Date(Date.now() - 3 * HOUR).toISOString(), text: EVENT, source: 'proxy', tags: ['ioc'] })
    // Ana's page again, in New York time, with a page clock the test can move forward.
    const first = members.pageA
    const token = await first.evaluate('sessionStorage.getItem("lifeboat.ui-token")') as string
    const url = new URL(first.url())
    url.searchParams.set('token', token)
    const browser = first.context().browser()
    assert.ok(browser !== null)
    const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, locale: 'en-GB', timezoneId: ANA_ZONE, bypassCSP: true, acceptDownloads: true })
    await first.context().close()
    // A minute behind: fastForward('01:00') then brings the page's clock back to the nodes' time.
    await context.clock.install({ time: Date.now() - 60_000 })
    ana = await context.newPage()
    ana.on('pageerror', err => { process.stderr.write(`Ana's page error: ${err.message}\n`) })
    await ana.goto(url.toString())
    await ana.getByRole('heading', { name: TITLE, level: 1 }).waitFor()
  })

  after(async () => { await members?.stop() })

  test('no regime: no strip; Ana ticks NIS2 and GDPR and saves', async () => {
    await tab(ana, 'Clocks')
    await ana.getByText('No regime is set, so no clock runs.').waitFor()
    assert.equal(await strip(ana).count(), 0)
    assert.equal(await strip(ben).count(), 0)
    await ana.getByRole('checkbox', { name: 'NIS2', exact: true }).check()
    await ana.getByRole('checkbox', { name: 'GDPR', exact: true }).check()
    await ana.getByRole('button', { name: 'Save regimes' }).click()
    await ana.getByText('Clocks kept for NIS2, GDPR', { exact: true }).waitFor()
    await until('the regimes on Ben\'s node', async () => (await members.controlB.call('clockFacts', { incidentId })).regimes.regimes.join() === 'nis2,gdpr')
    await ana.getByRole('heading', { name: /^NIS2/, level: 3 }).waitFor()
    assert.match(await stripText(ana), /^No regulatory deadline is running yet/)
  })

  test('Ana records "aware" two hours ago in her local time; the form shows the UTC it stores', async () => {
    awareAt = Math.floor((Date.now() - 2 * HOUR) / 60_000) * 60_000
    const form = ana.getByRole('form', { name: 'Record a fact' })
    await form.getByLabel('Fact').selectOption('aware')
    const when = form.getByLabel(/^When it happened \(your local time, America\/New_York\)/)
    assert.equal(await when.getAttribute('type'), 'datetime-local')
    await when.fill(zoned(awareAt, ANA_ZONE))
    await form.getByText(`Stored in UTC: ${utcText(awareAt)}`).waitFor()
    await form.getByRole('button', { name: 'Record fact' }).click()
    await until('the fact on both nodes', async () => {
      for (const control of [members.controlA, members.controlB]) {
        const { facts } = await control.call('clockFacts', { incidentId })
        if (!facts.some(f => f.kind === 'aware' && f.at === awareAt)) return false
      }
      return true
    })
    await ana.locator('tr[data-fact="aware"]').filter({ hasText: 'Ana Costa' }).waitFor()
  })

  test('the strip shows the NIS2 early warning due in about 22 h on both pages, and ticks', async () => {
    const due = awareAt + 24 * HOUR
    for (const [page, zone] of [[ana, ANA_ZONE], [ben, 'UTC']] as const) {
      await until('the early warning in the strip', async () => /^NIS2 early warning due in (22 h 0|21 h 5\d) min · /.test(await stripText(page)))
      const text = await stripText(page)
      assert.ok(text.includes(`${zoned(due, zone).slice(11)} local (`) && text.includes(`${new Date(due).toISOString().slice(11, 16)} UTC)`), text)
      assert.match(text, /· 2 other deadlines running/)
      assert.equal(await strip(page).getAttribute('role'), 'status')
      assert.equal(await strip(page).getAttribute('data-urgency'), 'later')
      assert.equal(await strip(page).locator('time').getAttribute('datetime'), new Date(due).toISOString())
    }
    const minutes = async (): Promise<number> => {
      const [, h, m] = /due in (\d+) h (\d+) min/.exec(await stripText(ana)) ?? []
      return Number(h) * 60 + Number(m)
    }
    const before = await minutes()
    await ana.clock.fastForward('01:00')
    await until('the countdown to tick', async () => await minutes() === before - 1)
    await tab(ben, 'Chat')
    await strip(ben).getByRole('button', { name: 'Open clocks' }).click()
    await until('Ben\'s Clocks tab', async () => await ben.getByRole('tab', { name: 'Clocks' }).getAttribute('aria-selected') === 'true')
  })

  test('Ben\'s Clocks tab shows the due times his node computes, read-only', async () => {
    const clocks: ClockInfo[] = await members.controlB.call('clocks', { incidentId })
    assert.deepEqual(clocks.map(c => `${c.regime}/${c.report}:${c.status}`), ['nis2/early-warning:running', 'nis2/notification:running', 'nis2/final:pending', 'gdpr/report:running'])
    for (const c of clocks) {
      const r = row(ben, `${c.regime}/${c.report}`)
      await r.waitFor()
      if (c.due === null) {
        assert.match(await r.textContent() ?? '', /pending — waits for: NIS2 incident notification submitted/)
        continue
      }
      assert.equal(await r.locator('.clock-due-utc time').getAttribute('datetime'), new Date(c.due).toISOString())
      assert.equal(await r.locator('.clock-due-utc').textContent(), utcText(c.due))
      assert.equal(await r.locator('.clock-due-local time').getAttribute('datetime'), new Date(c.due).toISOString())
      assert.equal(await r.getByRole('button', { name: `Draft: ${NAMES[`${c.regime}/${c.report}`] ?? '?'}` }).count(), 1, 'everyone may draft')
    }
    assert.equal(await ben.getByRole('button', { name: /^Mark submitted/ }).count(), 0, 'a responder marks nothing submitted')
    assert.equal(await ben.locator('.clocks input, .clocks select').count(), 0, 'no regime checkboxes, no fact form')
    assert.equal(await ben.getByRole('button', { name: 'Save regimes' }).count(), 0)
    assert.equal(await ben.getByRole('button', { name: 'Record fact' }).count(), 0)
    await ben.getByText('Only admins record facts and mark reports submitted; you see them here as they are recorded.').waitFor()
    await ben.getByText('Regimes: NIS2, GDPR (set by Ana Costa). Only admins choose the regimes.').waitFor()
    assert.match(await ben.locator('tr[data-fact="aware"]').textContent() ?? '', new RegExp(`${utcText(awareAt)}.*Ana Costa`))
    findings.push(...await audit(ben, 'the Clocks tab of a responder'))
    await ben.screenshot({ path: join(ARTIFACTS, 'clocks-responder.png') })
  })

  test('Ana marks the NIS2 early warning submitted (asked first): Ben sees it; the strips move on', async () => {
    findings.push(...await audit(ana, 'the Clocks tab of an admin'))
    await ana.getByRole('button', { name: 'Mark submitted: NIS2 early warning' }).click()
    const dialog = ana.getByRole('dialog', { name: 'Mark the NIS2 early warning submitted?' })
    await dialog.waitFor()
    await dialog.getByRole('button', { name: 'Mark submitted' }).click()
    await dialog.waitFor({ state: 'detached' })
    await until('Ben\'s row to say submitted', async () => await row(ben, 'nis2/early-warning').getAttribute('data-status') === 'submitted')
    assert.match(await row(ben, 'nis2/early-warning').textContent() ?? '', /submitted \d{4}-\d\d-\d\d \d\d:\d\d UTC/)
    assert.equal(await row(ben, 'nis2/early-warning').getByRole('button').count(), 0)
    for (const page of [ana, ben]) {
      await until('the strip to show the notification', async () => /^NIS2 incident notification due in 2 d 2\d h · /.test(await stripText(page)))
    }
    const clocks = await members.controlB.call('clocks', { incidentId })
    assert.equal(clocks.find(c => c.report === 'early-warning')?.status, 'submitted')
    await ana.screenshot({ path: join(ARTIFACTS, 'clocks.png') })
    await ana.getByRole('form', { name: 'Record a fact' }).scrollIntoViewIfNeeded()
    await ana.screenshot({ path: join(ARTIFACTS, 'clocks-facts.png') })
  })

  test('Ana\'s GDPR draft: [TO COMPLETE] and the title, an HTML preview that runs nothing, a .md download equal to the API\'s', async () => {
    const params = { incidentId, regime: 'gdpr', report: 'report', format: 'markdown' } as const
    const first = await members.controlA.call('draft', params)
    await ana.getByRole('button', { name: 'Draft: GDPR breach notification' }).click()
    const dialog = ana.getByRole('dialog', { name: 'Draft: GDPR breach notification' })
    const text = dialog.getByRole('region', { name: 'Draft as Markdown' })
    await text.waitFor()
    const shown = await text.textContent() ?? ''
    // Markdown escapes the brackets: \[TO COMPLETE\] reads as [TO COMPLETE] once rendered.
    for (const part of ['\\[TO COMPLETE\\]', TITLE, EVENT]) assert.ok(shown.includes(part), `the draft shows ${part}: ${shown}`)
    findings.push(...await audit(ana, 'the draft dialog (Markdown)'))
    await ana.screenshot({ path: join(ARTIFACTS, 'clocks-draft.png') })

    await dialog.getByRole('button', { name: 'HTML preview' }).click()
    const frame = dialog.locator('iframe.draft-frame')
    await frame.waitFor()
    assert.equal(await frame.getAttribute('sandbox'), '')
    const preview = ana.frameLocator('iframe.draft-frame')
    await preview.getByRole('heading', { name: `Draft: GDPR report — ${TITLE}`, level: 1 }).waitFor()
    await preview.getByText('[TO COMPLETE] Name and contact details of the data protection officer').waitFor()
    findings.push(...await audit(ana, 'the draft dialog (HTML preview)'))

    const [download] = await Promise.all([ana.waitForEvent('download'), dialog.getByRole('button', { name: 'Download .md' }).click()])
    const content = await readFile(await download.path(), 'utf8')
    const last = await members.controlA.call('draft', params)
    assert.equal(download.suggestedFilename(), first.filename)
    assert.match(first.filename, /-gdpr-report\.md$/)
    // The draft says the minute it was prepared: equal to the API's text of that minute.
    assert.ok(content === first.text || content === last.text, 'the download is the API\'s draft')
    await dialog.getByText(`Saved ${first.filename}`).waitFor()
    await dialog.getByRole('button', { name: 'Close' }).last().click()
    await dialog.waitFor({ state: 'detached' })
  })

  test('the Clocks tab and the draft dialog pass axe-core in every theme', () => {
    assert.equal(findings.length, 0, `axe-core found ${findings.length} critical or serious problem(s):\n${describeFindings(findings)}`)
  })
})
