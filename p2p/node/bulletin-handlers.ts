// The public bulletin in the API (bulletin/bulletin-book.ts folds it): admins make the incident's
// bulletin key (its seed sealed to every admin's X25519 key, so any admin's device can publish and
// no other can), sign statements with it, and write the folder the public reads; anyone can list
// them. An admin's device that holds the key seals it to admins who lack it whenever it makes,
// shows or uses the key, so admins added later can publish too.
import { mkdir, rename, writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { randomBytes } from 'node:crypto'
import type { BulletinKeyInfo, Params, Result } from '../api/types.js'
import { bulletinFiles, BULLETIN_FILES } from '../bulletin/bulletin-files.js'
import { foldBulletins, type BulletinKey } from '../bulletin/bulletin-book.js'
import { FIRST_PREV, itemHash, keyFingerprint, signItem } from '../bulletin/statement.js'
import { concatBytes, fromHex, toHex, utf8 } from '../codec/bytes.js'
import { signerFromSeed, type Signer } from '../crypto/ed25519.js'
import { open, seal } from '../crypto/seal.js'
import { NotAuthorizedError, NotFoundError } from '../errors.js'
import type { DeviceIdentity } from '../identity/identity.js'
import { requireWriter } from '../incident/applier.js'
import type { Incident } from '../incident/incident.js'
import { MAX_BULLETIN_KEY_BOXES } from '../log/payload.js'

type BulletinMethod = 'bulletinKey' | 'bulletinPublish' | 'bulletins' | 'bulletinFiles'
export type BulletinHandlers = { [M in BulletinMethod]: (params: Params<M>) => Promise<Result<M>> }

/** Binds a sealed seed to its incident and public key: a copy cannot be replayed elsewhere. */
const sealContext = (incident: Incident, publicKey: Uint8Array): Uint8Array => concatBytes(utf8('lifeboat/bulletin-seed/v1'), incident.id, publicKey)

const admins = (incident: Incident): string[] => [...incident.state.members].filter(([, m]) => m.role === 'admin').map(([hex]) => hex)

function keyInfo (incident: Incident, key: BulletinKey): BulletinKeyInfo {
  const peerOf = (hex: string): string => incident.state.members.get(hex)?.peerId ?? incident.state.removed.get(hex)?.member.peerId ?? hex
  const isAdmin = (hex: string): boolean => incident.state.members.get(hex)?.role === 'admin'
  const holders = [...key.boxes.keys()]
  return {
    publicKey: key.publicKeyHex,
    fingerprint: keyFingerprint(key.publicKeyHex),
    madeBy: peerOf(key.madeByHex),
    madeAt: key.madeAt,
    holders: holders.filter(isAdmin).map(peerOf),
    missing: admins(incident).filter(hex => !key.boxes.has(hex)).map(peerOf),
    exposed: holders.filter(hex => !isAdmin(hex)).map(peerOf)
  }
}

export function bulletinHandlers (incidentOf: (id: string) => Incident, me: DeviceIdentity): BulletinHandlers {
  /** Seals `seed` to `recipients` (member key hex) in one `bkey` entry per MAX_BULLETIN_KEY_BOXES. */
  const announceKey = async (incident: Incident, seed: Uint8Array, publicKey: Uint8Array, recipients: string[]): Promise<void> => {
    const boxes = recipients.flatMap(hex => {
      const member = incident.state.members.get(hex)
      return member === undefined ? [] : [[fromHex(hex), seal(member.x25519, seed, sealContext(incident, publicKey))] as [Uint8Array, Uint8Array]]
    })
    for (let i = 0; i === 0 || i < boxes.length; i += MAX_BULLETIN_KEY_BOXES) await incident.append({ k: 'bkey', p: publicKey, s: boxes.slice(i, i + MAX_BULLETIN_KEY_BOXES) })
  }

  const makeKey = async (incident: Incident): Promise<void> => {
    requireWriter(incident.state, incident.myKeyHex, 'bkey')
    const seed = new Uint8Array(randomBytes(32))
    await announceKey(incident, seed, signerFromSeed(seed).publicKey, admins(incident))
  }

  /** The key's signer if this device holds a copy (undefined if it does not); re-seals to admins who lack one. */
  const unlock = async (incident: Incident, key: BulletinKey): Promise<Signer | undefined> => {
    const box = key.boxes.get(incident.myKeyHex)
    if (box === undefined) return undefined
    const publicKey = fromHex(key.publicKeyHex)
    const seed = open(me.x25519, box, sealContext(incident, publicKey))
    const signer = signerFromSeed(seed)
    if (toHex(signer.publicKey) !== key.publicKeyHex) throw new NotAuthorizedError('the copy of the bulletin key sealed to this device does not match the key: ask another admin to rotate it')
    const missing = admins(incident).filter(hex => !key.boxes.has(hex))
    if (missing.length > 0 && incident.state.members.get(incident.myKeyHex)?.role === 'admin') await announceKey(incident, seed, publicKey, missing)
    return signer
  }

  const currentKey = async (incident: Incident, rotate: boolean): Promise<BulletinKey> => {
    let key = foldBulletins(incident.records).key
    if (key === undefined || rotate) {
      if (key === undefined && incident.state.members.get(incident.myKeyHex)?.role !== 'admin') throw new NotFoundError('this incident has no bulletin key yet: an admin makes it with `bulletin key`')
      await makeKey(incident)
      key = foldBulletins(incident.records).key as BulletinKey
    }
    return key
  }

  const filesOf = (incident: Incident): ReturnType<typeof bulletinFiles> => bulletinFiles(foldBulletins(incident.records).chain)

  return {
    bulletinKey: async ({ incidentId, rotate }) => {
      const incident = incidentOf(incidentId)
      const key = await currentKey(incident, rotate === true)
      if (incident.state.members.get(incident.myKeyHex)?.role === 'admin') await unlock(incident, key).catch(() => undefined) // re-seal to admins who lack it
      return keyInfo(incident, foldBulletins(incident.records).key ?? key)
    },
    bulletinPublish: async ({ incidentId, text, out }) => {
      const incident = incidentOf(incidentId)
      requireWriter(incident.state, incident.myKeyHex, 'bulletin')
      const key = await currentKey(incident, false)
      const signer = await unlock(incident, key)
      if (signer === undefined) throw new NotAuthorizedError('this device holds no copy of the bulletin key yet: an admin who holds it seals one to you when they next run `bulletin key` or publish')
      const chain = foldBulletins(incident.records).chain
      const last = chain.at(-1)
      const item = signItem(signer, { seq: chain.length + 1, time: new Date().toISOString(), prev: last === undefined ? FIRST_PREV : itemHash(last), key: key.publicKeyHex, text })
      await incident.append({ k: 'bulletin', n: item.seq, t: item.time, prev: fromHex(item.prev), p: fromHex(item.key), text: item.text, sig: fromHex(item.sig) })
      const dir = out === undefined ? null : resolve(out)
      if (dir !== null) await writeFolder(dir, filesOf(incident))
      return { seq: item.seq, dir, fingerprint: keyFingerprint(key.publicKeyHex) }
    },
    bulletins: async ({ incidentId }) => {
      const incident = incidentOf(incidentId)
      const book = foldBulletins(incident.records)
      return { key: book.key === undefined ? null : keyInfo(incident, book.key), bulletins: book.chain }
    },
    bulletinFiles: async ({ incidentId }) => {
      const files = filesOf(incidentOf(incidentId))
      return { files: BULLETIN_FILES.map(name => ({ name, text: files[name] })) }
    }
  }
}

/** Writes the three files into `dir` (made if needed), each to a temporary name renamed into place. */
async function writeFolder (dir: string, files: Record<string, string>): Promise<void> {
  await mkdir(dir, { recursive: true })
  for (const [name, text] of Object.entries(files)) {
    const tmp = join(dir, `.${name}.${randomBytes(4).toString('hex')}.tmp`)
    await writeFile(tmp, text)
    await rename(tmp, join(dir, name))
  }
}
