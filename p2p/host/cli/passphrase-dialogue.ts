// The passphrase conversation on a terminal, apart from the terminal: a new folder asks twice
// (a typo would lock the user out for good), an existing one says it is protected and lets a
// wrong passphrase be typed again, and running unprotected is said once, plainly. Pure: the
// caller passes how to ask (no echo), how to say a line, and how to check a passphrase.
import { LifeboatError } from '../../errors.js'
import type { KeyProtection, KeyringKind } from '../../storage/keyring.js'

export const MAX_TRIES = 3

export interface PassphraseTerminal {
  ask: (question: string) => Promise<string>
  say: (line: string) => void
  /** Whether the passphrase opens the folder's keyring. */
  opens: (protection: KeyProtection) => Promise<boolean>
}

export const UNPROTECTED = (dataDir: string): string =>
  `${dataDir} is not protected by a passphrase: anyone who gets this computer's files can read its incidents.`

/** `kind`: the folder's keyring, or undefined for a new folder. */
export async function passphraseDialogue (dataDir: string, kind: KeyringKind | undefined, t: PassphraseTerminal): Promise<KeyProtection> {
  if (kind === 'none') { t.say(UNPROTECTED(dataDir)); return { kind: 'none' } }
  if (kind === undefined) return await chooseNew(dataDir, t)
  for (let tries = 1; tries <= MAX_TRIES; tries++) {
    const passphrase = await t.ask(`Passphrase for ${dataDir} (it is protected): `)
    const protection: KeyProtection = { kind: 'passphrase', passphrase }
    if (passphrase !== '' && await t.opens(protection)) return protection
    if (tries < MAX_TRIES) t.say('That is not the passphrase of this folder. Try again.')
  }
  throw new LifeboatError('wrong-passphrase', `wrong passphrase for ${dataDir} (${MAX_TRIES} tries)`)
}

async function chooseNew (dataDir: string, t: PassphraseTerminal): Promise<KeyProtection> {
  for (let tries = 1; tries <= MAX_TRIES; tries++) {
    const passphrase = await t.ask(`New data folder ${dataDir}: choose a passphrase to protect it (empty for none): `)
    if (passphrase === '') { t.say(UNPROTECTED(dataDir)); return { kind: 'none' } }
    if (await t.ask('Type it again: ') === passphrase) return { kind: 'passphrase', passphrase }
    if (tries < MAX_TRIES) t.say('The two did not match. Once more.')
  }
  throw new LifeboatError('passphrase-mismatch', `the passphrases did not match (${MAX_TRIES} tries); nothing was created in ${dataDir}`)
}
