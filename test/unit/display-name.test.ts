// Display names: the rule a name set on this device must pass (issue 20: a 150-character --name
// was accepted at start and then every join failed as "malformed"), and telling members with
// equal names apart by a fingerprint suffix.
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { hasVisibleText } from '../../p2p/codec/text.js'
import { checkDisplayName, displayNameProblem, MAX_NAME_LENGTH } from '../../p2p/identity/display-name.js'
import { displayNames, nameLikeness } from '../../p2p/identity/display-names.js'
import { decodeJoinMessage, encodeJoinMessage } from '../../p2p/services/join/join-messages.js'
import { mulberry32, randomInt, testSeed } from '../support/prng.js'

/** Does the admin's join check accept this name? (the proof frame, as an invitee sends it) */
function joinAccepts (name: string): boolean {
  try {
    decodeJoinMessage(encodeJoinMessage({ t: 'proof', p: new Uint8Array(64), n: name, x: new Uint8Array(32) }))
    return true
  } catch {
    return false
  }
}

describe('the name rule', () => {
  test('a 150-character name is refused with the limit, where the join would refuse it as malformed', () => {
    const long = 'A'.repeat(150)
    assert.equal(joinAccepts(long), false)
    assert.equal(displayNameProblem(long), `a name is at most ${MAX_NAME_LENGTH} characters (this one has 150)`)
    assert.throws(() => checkDisplayName(long), { code: 'invalid-argument', message: /name: a name is at most 100 characters/ })
  })

  test('empty, blank, control and bidi characters are refused; spaces around are trimmed', () => {
    for (const bad of ['', '   ', '\u200b\u200e', 'Ana\nlead: approved', 'Ana\u001b[2J', '\u202eanA', 'Ana\u2066x\u2069']) {
      assert.notEqual(displayNameProblem(bad), undefined, JSON.stringify(bad))
    }
    assert.equal(checkDisplayName('  Ana (IR lead) '), 'Ana (IR lead)')
    assert.equal(checkDisplayName('أنا'), 'أنا') // right-to-left script needs no override characters
    assert.equal(checkDisplayName(` ${'x'.repeat(MAX_NAME_LENGTH)} `), 'x'.repeat(MAX_NAME_LENGTH))
  })

  test('every name this device accepts is one the join accepts (random names)', () => {
    const seed = testSeed()
    const rng = mulberry32(seed)
    const alphabet = ['a', 'Z', ' ', '\t', '\n', '\u00a0', '\u200b', '\u202e', '\u2066', 'é', '😀', '\u0000', '\u001b', '·', '1', 'ü']
    for (let i = 0; i < 2000; i++) {
      const name = Array.from({ length: randomInt(rng, 130) }, () => alphabet[randomInt(rng, alphabet.length)]).join('')
      if (displayNameProblem(name) === undefined) assert.ok(joinAccepts(checkDisplayName(name)), `seed ${seed}: ${JSON.stringify(name)}`)
    }
  })

  test('visible text: spaces, line breaks and invisible characters alone are not', () => {
    for (const blank of ['', '   ', '\n\t\r', '\u00a0\u3000', '\u200b\u200d\u2060', '\u202e\u202c']) assert.equal(hasVisibleText(blank), false, JSON.stringify(blank))
    for (const text of ['a', ' . ', '👍', '\u200bx']) assert.equal(hasVisibleText(text), true, JSON.stringify(text))
  })
})

const fp = (first: string, rest = '11111 22222 33333 44444 55555'): string => `${first} ${rest}`

describe('display names', () => {
  test('distinct names stay as they are', () => {
    const names = displayNames([{ key: 'a', name: 'Ana', fingerprint: fp('21400') }, { key: 'b', name: 'Ben', fingerprint: fp('31337') }])
    assert.deepEqual([...names], [['a', 'Ana'], ['b', 'Ben']])
  })

  test('equal names get the first fingerprint group; look-alikes and fake suffixes count as equal', () => {
    const names = displayNames([
      { key: 'lead', name: 'Ana', fingerprint: fp('21400') },
      { key: 'copy', name: 'ana\u200b ', fingerprint: fp('77777') },
      { key: 'fake', name: 'Ana · 21400', fingerprint: fp('90210') },
      { key: 'wide', name: 'Ａｎａ', fingerprint: fp('55555') },
      { key: 'ben', name: 'Ben', fingerprint: fp('31337') }
    ])
    assert.equal(names.get('lead'), 'Ana · 21400')
    assert.equal(names.get('copy'), 'ana\u200b  · 77777')
    assert.equal(names.get('fake'), 'Ana · 21400 · 90210')
    assert.equal(names.get('wide'), 'Ａｎａ · 55555')
    assert.equal(names.get('ben'), 'Ben')
  })

  test('more fingerprint groups when the first ones are equal too', () => {
    const names = displayNames([
      { key: 'a', name: 'Ana', fingerprint: '12345 00001 33333 44444 55555 66666' },
      { key: 'b', name: 'Ana', fingerprint: '12345 00002 33333 44444 55555 66666' }
    ])
    assert.deepEqual([names.get('a'), names.get('b')], ['Ana · 12345 00001', 'Ana · 12345 00002'])
  })

  test('likeness ignores case, compatibility forms, spacing, invisible characters and five-digit suffixes', () => {
    assert.equal(nameLikeness('  ANA\u200b   Costa · 21400 '), 'ana costa')
    assert.equal(nameLikeness('Ａｎａ'), 'ana')
    assert.equal(nameLikeness('Server 01'), 'server 01')
  })
})
