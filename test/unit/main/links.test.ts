// lifeboat:// links and the command line, as the OS hands them to the app.
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { dataDirFromArgv, joinLinkFrom, joinLinkFromArgv } from '../../../main/links.js'

const LINK = 'lifeboat://join/omF2AWFpUAEjRWeJq83vASNFZ4mrze9hdGhSYW5zb213YXJl'

describe('join links', () => {
  test('a well-formed link passes; a trailing slash some OSes add is dropped; the scheme is case-insensitive', () => {
    assert.equal(joinLinkFrom(LINK), LINK)
    assert.equal(joinLinkFrom(`${LINK}/`), LINK)
    assert.equal(joinLinkFrom(LINK.replace('lifeboat://join/', 'LIFEBOAT://join/')), LINK)
  })

  test('anything else is ignored', () => {
    for (const bad of [undefined, null, 42, '', 'lifeboat://join/', 'lifeboat://evil/abc', 'https://join/abc', `${LINK} --inspect`, `${LINK}\n`, `${LINK}?x=1`, `${LINK}#x`, 'lifeboat://join/a+b', `lifeboat://join/${'a'.repeat(5000)}`]) {
      assert.equal(joinLinkFrom(bad), null, String(bad))
    }
  })

  test('the last link among the arguments of a second instance', () => {
    assert.equal(joinLinkFromArgv(['/opt/Lifeboat/lifeboat', '--no-sandbox', LINK]), LINK)
    assert.equal(joinLinkFromArgv(['/usr/bin/electron', '.', '--data', '/tmp/x']), null)
    assert.equal(joinLinkFromArgv([]), null)
  })
})

describe('--data', () => {
  test('both spellings, and nothing when absent or empty', () => {
    assert.equal(dataDirFromArgv(['electron', '.', '--data', '/tmp/a']), '/tmp/a')
    assert.equal(dataDirFromArgv(['electron', '.', '--data=/tmp/b']), '/tmp/b')
    assert.equal(dataDirFromArgv(['electron', '.']), undefined)
    assert.equal(dataDirFromArgv(['electron', '.', '--data']), undefined)
    assert.equal(dataDirFromArgv(['electron', '.', '--data', '--other']), undefined)
    assert.equal(dataDirFromArgv(['electron', '.', '--data=']), undefined)
  })
})
