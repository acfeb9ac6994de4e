// The public bulletin's format (bulletin/statement.ts, bulletin-files.ts): the golden statements
// of test/fixtures/bulletin-v1.json sign, hash and render byte for byte; a chain is refused at
// its first bad statement (changed, dropped, reordered, re-signed by another key, wrong
// fingerprint); a published folder fails on one changed byte in each of its three files.
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { toHex, utf8 } from '../../p2p/codec/bytes.js'
import { signerFromSeed } from '../../p2p/crypto/ed25519.js'
import { sha256 } from '../../p2p/crypto/hash.js'
import { BULLETIN_FILES, bulletinFiles, checkFolder, type BulletinFileName } from '../../p2p/bulletin/bulletin-files.js'
import { checkChain, itemHash, keyFingerprint, signItem, statementBytes, type BulletinItem } from '../../p2p/bulletin/statement.js'
import { readFixture } from '../support/paths.js'

interface Fixture {
  publicKey: string
  fingerprint: string
  statements: Array<{ item: BulletinItem, statement: string, hash: string }>
  files: Record<BulletinFileName, string>
}

const fixture = readFixture<Fixture>('bulletin-v1.json')
const items = fixture.statements.map(s => s.item)
const signer = signerFromSeed(sha256(utf8('lifeboat fixture bulletin key')))

describe('bulletin v1 format', () => {
  test('the golden statements: signed bytes, signatures, hashes, fingerprint and files are reproduced exactly', () => {
    assert.equal(toHex(signer.publicKey), fixture.publicKey)
    assert.equal(keyFingerprint(fixture.publicKey), fixture.fingerprint)
    assert.match(fixture.fingerprint, /^([0-9A-F]{4}-){9}[0-9A-F]{4}$/)
    for (const s of fixture.statements) {
      assert.equal(new TextDecoder().decode(statementBytes(s.item)), s.statement)
      assert.deepEqual(signItem(signer, { ...s.item, sig: undefined } as unknown as BulletinItem), s.item, 'Ed25519 is deterministic')
      assert.equal(itemHash(s.item), s.hash)
    }
    assert.deepEqual(bulletinFiles(items), fixture.files)
    assert.deepEqual(checkChain(items, fixture.fingerprint), { ok: true, count: 2, latestSeq: 2, fingerprint: fixture.fingerprint })
  })

  test('a chain is refused at its first bad statement', () => {
    const [first, second] = items as [BulletinItem, BulletinItem]
    const error = (chain: BulletinItem[], fp?: string): string | undefined => checkChain(chain, fp).error
    assert.match(error([first, { ...second, text: second.text + '!' }]) ?? '', /^bulletin 2: the signature does not match/)
    assert.match(error([second]) ?? '', /^bulletin 1: numbered 2, expected 1/, 'the first was dropped')
    assert.match(error([second, first]) ?? '', /^bulletin 1: numbered 2/, 'reordered')
    assert.match(error([first, { ...second, seq: 3 }]) ?? '', /^bulletin 2: numbered 3/)
    const other = signerFromSeed(sha256(utf8('someone else')))
    const forged = signItem(other, { ...second, key: toHex(other.publicKey) })
    assert.equal(checkChain([first, forged]).ok, true, 'another key may sign the next one (a rotation)…')
    assert.match(error([first, forged], fixture.fingerprint) ?? '', /latest bulletin is signed by key .*, not /, '…but not under the published fingerprint')
    const relinked = signItem(signer, { ...second, prev: '0'.repeat(64) })
    assert.match(error([first, relinked]) ?? '', /does not name the bulletin before it/)
    assert.match(error([{ ...first, time: 'yesterday' }]) ?? '', /not an ISO UTC time/)
    assert.equal(checkChain([], undefined).ok, true, 'an empty bulletin is consistent')
    assert.equal(checkChain(items, fixture.fingerprint.toLowerCase().replace(/-/g, ' ')).ok, true, 'fingerprints compare without case or separators')
  })

  test('a published folder passes, and fails on one changed byte in each file or a missing file', () => {
    assert.equal(checkFolder(fixture.files).ok, true)
    for (const name of BULLETIN_FILES) {
      const text = fixture.files[name]
      for (const at of [Math.floor(text.length / 3), text.indexOf('Update')]) {
        if (at < 0) continue
        const changed = text.slice(0, at) + String.fromCharCode(text.charCodeAt(at) ^ 1) + text.slice(at + 1)
        const report = checkFolder({ ...fixture.files, [name]: changed })
        assert.equal(report.ok, false, `${name} at ${at}`)
        assert.match(report.error ?? '', new RegExp(`^${name === 'bulletin.json' ? 'bulletin\\.json' : name.replace('.', '\\.')}`), `${name}: ${report.error ?? ''}`)
      }
      const missing: Partial<Record<BulletinFileName, string>> = { ...fixture.files }
      delete missing[name]
      assert.match(checkFolder(missing).error ?? '', new RegExp(`${name.replace('.', '\\.')} is missing`))
    }
    const fieldless = fixture.files['bulletin.json'].replace('"seq": 1,\n      "time"', '"time"')
    assert.equal(checkFolder({ ...fixture.files, 'bulletin.json': fieldless }).ok, false, 'a field taken out is a changed file too')
  })
})
