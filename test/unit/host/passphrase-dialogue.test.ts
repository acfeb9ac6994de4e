// The passphrase conversation: a new folder asks twice, a mismatch asks again, a wrong passphrase
// can be typed again (three tries), and running unprotected is said once.
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { passphraseDialogue, type PassphraseTerminal } from '../../../p2p/host/cli/passphrase-dialogue.js'
import type { KeyProtection } from '../../../p2p/storage/keyring.js'

function terminal (answers: string[], correct = 'right horse'): PassphraseTerminal & { asked: string[], said: string[] } {
  const asked: string[] = []
  const said: string[] = []
  return {
    asked, said,
    ask: async (q) => { asked.push(q); return answers.shift() ?? '' },
    say: (line) => { said.push(line) },
    opens: async (p: KeyProtection) => p.kind === 'passphrase' && p.passphrase === correct
  }
}

describe('the passphrase conversation', () => {
  test('a new folder: asked twice, a mismatch asks again', async () => {
    const t = terminal(['one', 'oen', 'right horse', 'right horse'])
    assert.deepEqual(await passphraseDialogue('/d', undefined, t), { kind: 'passphrase', passphrase: 'right horse' })
    assert.match(t.asked[0] ?? '', /^New data folder \/d: choose a passphrase/)
    assert.equal(t.asked[1], 'Type it again: ')
    assert.deepEqual(t.said, ['The two did not match. Once more.'])
  })

  test('a new folder left unprotected says so once', async () => {
    const t = terminal([''])
    assert.deepEqual(await passphraseDialogue('/d', undefined, t), { kind: 'none' })
    assert.equal(t.said.length, 1)
    assert.match(t.said[0] ?? '', /not protected by a passphrase/)
  })

  test('a protected folder: a wrong passphrase can be typed again, three tries in all', async () => {
    const t = terminal(['wrong', 'right horse'])
    assert.deepEqual(await passphraseDialogue('/d', 'scrypt', t), { kind: 'passphrase', passphrase: 'right horse' })
    assert.match(t.asked[0] ?? '', /it is protected/)
    const giveUp = terminal(['a', 'b', 'c', 'right horse'])
    await assert.rejects(passphraseDialogue('/d', 'scrypt', giveUp), { code: 'wrong-passphrase' })
    assert.equal(giveUp.asked.length, 3)
  })

  test('an unprotected folder asks nothing and says so', async () => {
    const t = terminal([])
    assert.deepEqual(await passphraseDialogue('/d', 'none', t), { kind: 'none' })
    assert.deepEqual(t.asked, [])
    assert.equal(t.said.length, 1)
  })
})
