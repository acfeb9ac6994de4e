// CLI for the public bulletin (see commands.ts): `bulletin key`, `publish` and `list` ask the
// daemon; `bulletin verify` checks a published folder right here, with no daemon and no network
// (bulletin-verify.ts), so anyone given the folder can run it.
import { resolve } from 'node:path'
import { Option } from 'commander'
import type { BulletinKeyInfo } from '../../api/types.js'
import { command, str, type CommandSpec } from './command-spec.js'
import { stamp } from './format.js'
import { inline } from './terminal-text.js'

function keyText (k: BulletinKeyInfo): string {
  const lines = [
    `fingerprint ${k.fingerprint}`,
    `public key  ${k.publicKey}`,
    `made ${stamp(k.madeAt)} by ${k.madeBy}; held by ${k.holders.length} admin${k.holders.length === 1 ? '' : 's'}`
  ]
  if (k.missing.length > 0) lines.push(`not yet sealed to: ${k.missing.join(', ')} (an admin who holds it seals it on their next bulletin key or publish)`)
  if (k.exposed.length > 0) lines.push(`WARNING: ${k.exposed.join(', ')} held a copy and ${k.exposed.length === 1 ? 'is' : 'are'} no longer admin: rotate (bulletin key --rotate) and publish the new fingerprint`)
  return lines.join('\n')
}

export const BULLETIN_COMMANDS: CommandSpec[] = [
  command({
    name: 'bulletin key',
    args: ['<incident>'],
    summary: 'the incident\'s public-bulletin signing key and its fingerprint (made on first use, by an admin): publish the fingerprint before any incident',
    options: [new Option('--rotate', 'make a new key (admins), e.g. after removing an admin who held it; publish the new fingerprint')],
    method: 'bulletinKey',
    params: ([incidentId], o) => ({ incidentId: str(incidentId), ...(o.rotate === true ? { rotate: true } : {}) }),
    human: keyText
  }),
  command({
    name: 'bulletin publish',
    args: ['<incident>', '<text>'],
    summary: 'sign TEXT as the next public bulletin (admins) and write the folder to publish: index.html, bulletin.json, bulletin.txt',
    options: [new Option('--out <dir>', 'the folder to write (made if needed; the files in it are replaced)').makeOptionMandatory()],
    method: 'bulletinPublish',
    params: ([incidentId, text], o) => ({ incidentId: str(incidentId), text: str(text), out: resolve(str(o.out)) }),
    human: r => `bulletin ${r.seq} published in ${r.dir ?? '(no folder)'}; key fingerprint ${r.fingerprint}`
  }),
  command({
    name: 'bulletin list',
    args: ['<incident>'],
    summary: 'the bulletins published so far, newest first, and the key',
    method: 'bulletins',
    params: ([incidentId]) => ({ incidentId: str(incidentId) }),
    human: r => [
      r.key === null ? '(no bulletin key yet)' : `key fingerprint ${r.key.fingerprint}`,
      ...(r.bulletins.length === 0 ? ['(no bulletins published)'] : [...r.bulletins].reverse().map(b => `${b.seq}  ${b.time}  ${inline(b.text)}`))
    ].join('\n')
  })
]
