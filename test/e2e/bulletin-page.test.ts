// The published bulletin page checks itself in the reader's browser (issue 13): index.html of the
// golden folder (test/fixtures/bulletin-v1.json), opened from a file as from a USB stick, says
// its bulletins are valid and shows the key's fingerprint; with one character of a statement
// changed in the page's data, or a statement dropped, it says NOT VALID and marks the bad one.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { chromium, type Browser } from 'playwright-core'
import type { BulletinFileName } from '../../p2p/bulletin/bulletin-files.js'
import { readFixture } from '../support/paths.js'
import { CHROMIUM, CHROMIUM_ARGS } from './browser.js'

const fixture = readFixture<{ fingerprint: string, files: Record<BulletinFileName, string> }>('bulletin-v1.json')

describe('the bulletin page in Chromium', { timeout: 60_000 }, () => {
  let browser: Browser
  let dir: string

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lifeboat-bulletin-page-'))
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS })
  })
  after(async () => {
    await browser?.close()
    await rm(dir, { recursive: true, force: true })
  })

  /** Opens `html` as a file and waits for the page's verdict. */
  async function verdict (name: string, html: string): Promise<{ status: string, cls: string, fingerprint: string, marks: string[] }> {
    const path = join(dir, name)
    await writeFile(path, html)
    const page = await browser.newPage()
    try {
      await page.goto(pathToFileURL(path).href)
      await page.waitForFunction("document.getElementById('status').className !== 'checking'", undefined, { timeout: 10_000 })
      const status = page.locator('#status')
      return {
        status: await status.textContent() ?? '',
        cls: await status.getAttribute('class') ?? '',
        fingerprint: await page.locator('#fingerprint').textContent() ?? '',
        marks: await page.locator('article .mark').allTextContents()
      }
    } finally {
      await page.close()
    }
  }

  test('the published page says its bulletins are valid and shows the fingerprint', async () => {
    const seen = await verdict('index.html', fixture.files['index.html'])
    assert.equal(seen.cls, 'valid', seen.status)
    assert.match(seen.status, /^Valid: 2 bulletins are signed and in order/)
    assert.equal(seen.fingerprint, fixture.fingerprint)
    assert.deepEqual(seen.marks, ['\u2713 signed', '\u2713 signed'])
  })

  test('one changed character in a statement, or a statement dropped, and the page says NOT VALID', async () => {
    const html = fixture.files['index.html']
    const data = html.indexOf('id="bulletin-data"')
    const changed = html.slice(0, data) + html.slice(data).replace('email is restored', 'email is restorEd')
    const tampered = await verdict('changed.html', changed)
    assert.equal(tampered.cls, 'invalid', tampered.status)
    assert.match(tampered.status, /^NOT VALID: bulletin 2 /)
    assert.deepEqual(tampered.marks, ['\u2717 NOT VALID', '\u2713 signed'], 'newest first: the changed one is marked')

    const json = JSON.parse(fixture.files['bulletin.json']) as { bulletins: unknown[] }
    const dropped = html.replace(/(<script type="application\/json" id="bulletin-data">)[\s\S]*?(<\/script>)/, (_m, open: string, close: string) =>
      `${open}${JSON.stringify({ ...json, bulletins: json.bulletins.slice(1) }).replace(/</g, '\\u003c')}${close}`)
    const gap = await verdict('dropped.html', dropped)
    assert.equal(gap.cls, 'invalid', gap.status)
    assert.match(gap.status, /^NOT VALID: bulletin 1 /)
  })
})
