// The files API a page uses, on a real node: a file sent in 1 MiB pieces over the API is shared
// like fileAdd (same SHA-256, listed, in custody), and read back in pieces byte for byte; a
// piece or read too large is refused; stopping removes an unfinished upload's bytes.
import { after, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { createHash, randomBytes } from 'node:crypto'
import { mkdtemp, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createLifeboat, type LifeboatNode } from '../../p2p/index.js'
import { LOOPBACK_LISTEN, TestNet } from '../support/nodes.js'

const PIECE = 1024 * 1024

async function upload (node: LifeboatNode, incidentId: string, name: string, bytes: Buffer, evidence = false): Promise<string> {
  const { uploadId } = await node.call('fileUploadStart', { incidentId, name, size: bytes.length, evidence })
  for (let at = 0; at < bytes.length; at += PIECE) {
    await node.call('fileUploadChunk', { uploadId, offset: at, data: bytes.subarray(at, at + PIECE).toString('base64') })
  }
  return (await node.call('fileUploadFinish', { uploadId })).id
}

async function readAll (node: LifeboatNode, incidentId: string, id: string, size: number): Promise<Buffer> {
  const parts: Buffer[] = []
  for (let at = 0; at < size; at += PIECE) {
    parts.push(Buffer.from((await node.call('fileRead', { incidentId, id, offset: at, length: PIECE })).data, 'base64'))
  }
  return Buffer.concat(parts)
}

describe('uploading and reading files through the API', { timeout: 60_000 }, () => {
  const net = new TestNet()
  after(async () => { await net.stop() })

  test('a file sent in pieces is shared, listed with its hash, and reads back byte for byte', async () => {
    const ana = await net.lifeboat('Ana')
    const { incidentId } = await ana.call('createIncident', { title: 'Files' })
    const bytes = randomBytes(2 * PIECE + 12345)
    const sha256 = createHash('sha256').update(bytes).digest('hex')
    const id = await upload(ana, incidentId, 'disk.img', bytes, true)
    const [info] = await ana.call('fileList', { incidentId })
    assert.equal(info?.id, id)
    assert.equal(info?.name, 'disk.img')
    assert.equal(info?.sha256, sha256)
    assert.equal(info?.evidence, true)
    assert.equal(info?.local, true)
    const back = await readAll(ana, incidentId, id, bytes.length)
    assert.equal(createHash('sha256').update(back).digest('hex'), sha256)
    // A read across a chunk boundary, and one past the end.
    const mid = Buffer.from((await ana.call('fileRead', { incidentId, id, offset: PIECE - 10, length: 20 })).data, 'base64')
    assert.deepEqual(mid, bytes.subarray(PIECE - 10, PIECE + 10))
    assert.equal((await ana.call('fileRead', { incidentId, id, offset: bytes.length, length: 10 })).data, '')
    await assert.rejects(ana.call('fileRead', { incidentId, id, offset: 0, length: PIECE + 1 }), { code: 'invalid-argument' })
    await assert.rejects(ana.call('fileRead', { incidentId, id: `${ana.peerId}:999`, offset: 0, length: 1 }), { code: 'not-found' })
    assert.deepEqual(await ana.call('fileFetch', { incidentId, id }), { size: bytes.length, sha256 })
  })

  test('an empty file, and an upload left unfinished is gone once the node stops', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'lifeboat-it-upload-'))
    const ben = net.track('Ben', await createLifeboat({ dataDir, listen: LOOPBACK_LISTEN, mdns: false, dht: false, name: 'Ben' }))
    const { incidentId } = await ben.call('createIncident', { title: 'Empty' })
    const id = await upload(ben, incidentId, 'empty.txt', Buffer.alloc(0))
    assert.equal((await ben.call('fileList', { incidentId }))[0]?.id, id)
    const { uploadId } = await ben.call('fileUploadStart', { incidentId, name: 'half.bin', size: 10 })
    await ben.call('fileUploadChunk', { uploadId, offset: 0, data: Buffer.alloc(5).toString('base64') })
    assert.equal((await readdir(join(dataDir, 'uploads'))).length, 1)
    await net.stopOne(ben)
    assert.deepEqual(await readdir(join(dataDir, 'uploads')), [])
    await rm(dataDir, { recursive: true, force: true })
  })
})
