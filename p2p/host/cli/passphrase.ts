// Where the passphrase of a data folder comes from (daemon, browser mode): a file
// (--passphrase-file; its first line), or a prompt on the terminal (not echoed; the conversation
// is passphrase-dialogue.ts). Without either, the data folder is not protected, and that is said.
import { readFile } from 'node:fs/promises'
import { createInterface } from 'node:readline'
import { Writable } from 'node:stream'
import { LifeboatError } from '../../errors.js'
import type { KeyProtection } from '../../storage/keyring.js'
import { dataFolderKeyring, opensDataFolder } from '../../storage/keyring-file.js'
import { passphraseDialogue, UNPROTECTED } from './passphrase-dialogue.js'

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

/** Asks on the terminal without echo, as passphrase-dialogue.ts says (new folder: twice; retries). */
export async function passphraseFromPrompt (dataDir: string): Promise<KeyProtection> {
  const silent = new Writable({ write: (_chunk, _enc, done) => { done() } })
  const rl = createInterface({ input: process.stdin, output: silent, terminal: true })
  try {
    return await passphraseDialogue(dataDir, await dataFolderKeyring(dataDir), {
      ask: async (question) => {
        process.stderr.write(question)
        const answer = await new Promise<string>(resolve => rl.question('', resolve))
        process.stderr.write('\n')
        return answer
      },
      say: (line) => { process.stderr.write(`lifeboat: ${line}\n`) },
      opens: async (protection) => await opensDataFolder(dataDir, protection)
    })
  } finally {
    rl.close()
  }
}

/** The daemon's and browser mode's choice: `--passphrase-file`, else a prompt on a terminal, else none. */
export async function passphraseProtection (dataDir: string, passphraseFile: string | undefined): Promise<KeyProtection> {
  if (passphraseFile !== undefined) return await passphraseFromFile(passphraseFile)
  if (process.stdin.isTTY) return await passphraseFromPrompt(dataDir)
  // Said when the folder is made unprotected; later starts without a terminal stay quiet (the
  // keyring records it, and `whoami`/the device dialog show it).
  if (await dataFolderKeyring(dataDir) === undefined) process.stderr.write(`lifeboat: ${UNPROTECTED(dataDir)}\n`)
  return { kind: 'none' }
}
