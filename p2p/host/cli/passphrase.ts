// Where the passphrase of a data folder comes from (daemon, browser mode): a file
// (--passphrase-file; its first line), or a prompt on the terminal (not echoed). Without either,
// the data folder is not protected.
import { readFile } from 'node:fs/promises'
import { createInterface } from 'node:readline'
import { Writable } from 'node:stream'
import { LifeboatError } from '../../errors.js'
import type { KeyProtection } from '../../storage/keyring.js'

export async function passphraseFromFile (file: string): Promise<KeyProtection> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (err) {
    throw new LifeboatError('passphrase-file', `cannot read the passphrase file ${file}: ${(err as Error).message}`)
  }
  const passphrase = text.split(/\r?\n/)[0] ?? ''
  if (passphrase.length === 0) throw new LifeboatError('passphrase-file', `the passphrase file ${file} is empty`)
  return { kind: 'passphrase', passphrase }
}

/** Asks on the terminal without echo; an empty answer means no passphrase. */
export async function passphraseFromPrompt (dataDir: string): Promise<KeyProtection> {
  const silent = new Writable({ write: (_chunk, _enc, done) => { done() } })
  const rl = createInterface({ input: process.stdin, output: silent, terminal: true })
  process.stderr.write(`Passphrase for ${dataDir} (empty for none): `)
  try {
    const answer = await new Promise<string>(resolve => rl.question('', resolve))
    return answer.length === 0 ? { kind: 'none' } : { kind: 'passphrase', passphrase: answer }
  } finally {
    process.stderr.write('\n')
    rl.close()
  }
}

/** The daemon's and browser mode's choice: `--passphrase-file`, else a prompt on a terminal, else none. */
export async function passphraseProtection (dataDir: string, passphraseFile: string | undefined): Promise<KeyProtection> {
  if (passphraseFile !== undefined) return await passphraseFromFile(passphraseFile)
  if (process.stdin.isTTY) return await passphraseFromPrompt(dataDir)
  return { kind: 'none' }
}
