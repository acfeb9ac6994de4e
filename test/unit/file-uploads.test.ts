// Files sent to the node in pieces (p2p/node/file-uploads.ts): pieces in order to a temporary file
// that is shared once complete; bad pieces get a clear error and lose nothing; idle uploads are
// dropped with their bytes; at most MAX_OPEN_UPLOADS at once. And which chunks a read covers
// (p2p/files/file-range.ts).
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { chunkSlices } from '../../p2p/files/file-range.js'
import { FileUploads, MAX_OPEN_UPLOADS, uploadName } from '../../p2p/node/file-uploads.js'
import { NotAuthorizedError } from '../../p2p/errors.js'

const incidentId = '0123456789abcdef0123456789abcdef'
const b64 = (s: string): string => Buffer.from(s).toString('base64')

async function uploads (idleMs?: number): Promise<{ up: FileUploads, dir: string, shared: Array<{ path: string, bytes: string, evidence: boolean, name: string }> }> {
  const dir = join(await mkdtemp(join(tmpdir(), 'lifeboat-uploads-')), 'uploads')
  const shared: Array<{ path: string, bytes: string, evidence: boolean, name: string }> = []
  const up = new FileUploads(dir, {
    check: id => { if (id !== incidentId) throw new NotAuthorizedError('observers can read but not post or edit') },
    share: async (_id, path, { evidence }) => {
      const bytes = await readFile(path, 'utf8')
      shared.push({ path, bytes, evidence, name: basename(path) })
      return { id: 'me:1', name: basename(path), size: bytes.length, sha256: '' }
    }
  }, idleMs)
  return { up, dir, shared }
}

describe('file uploads in pieces', () => {
  test('pieces in order become one file, shared under its own name, then removed', async () => {
    const { up, dir, shared } = await uploads()
    const h = up.handlers()
    const { uploadId } = await h.fileUploadStart({ incidentId, name: 'alert log.txt', size: 11, evidence: true })
    assert.deepEqual(await h.fileUploadChunk({ uploadId, offset: 0, data: b64('hello ') }), { received: 6 })
    assert.deepEqual(await h.fileUploadChunk({ uploadId, offset: 6, data: b64('world') }), { received: 11 })
    assert.equal((await h.fileUploadFinish({ uploadId })).name, 'alert log.txt')
    assert.deepEqual(shared.map(s => [s.name, s.bytes, s.evidence]), [['alert log.txt', 'hello world', true]])
    assert.deepEqual(await readdir(dir), [])
    await assert.rejects(h.fileUploadChunk({ uploadId, offset: 11, data: '' }), { code: 'not-found' })
    await rm(join(dir, '..'), { recursive: true })
  })

  test('pieces sent at once are written in the order they arrived', async () => {
    const { up, shared, dir } = await uploads()
    const h = up.handlers()
    const { uploadId } = await h.fileUploadStart({ incidentId, name: 'a.txt', size: 6 })
    await Promise.all([h.fileUploadChunk({ uploadId, offset: 0, data: b64('ab') }), h.fileUploadChunk({ uploadId, offset: 2, data: b64('cd') }), h.fileUploadChunk({ uploadId, offset: 4, data: b64('ef') })])
    await h.fileUploadFinish({ uploadId })
    assert.equal(shared[0]?.bytes, 'abcdef')
    await rm(join(dir, '..'), { recursive: true })
  })

  test('a wrong offset, a piece past the size or an early finish is refused and loses nothing', async () => {
    const { up, shared, dir } = await uploads()
    const h = up.handlers()
    const { uploadId } = await h.fileUploadStart({ incidentId, name: 'a.txt', size: 4 })
    await h.fileUploadChunk({ uploadId, offset: 0, data: b64('ab') })
    await assert.rejects(h.fileUploadChunk({ uploadId, offset: 3, data: b64('c') }), { code: 'invalid-argument', message: /expected the piece at offset 2, got 3/ })
    await assert.rejects(h.fileUploadChunk({ uploadId, offset: 2, data: b64('cde') }), { code: 'invalid-argument', message: /is 4 bytes; this piece ends at 5/ })
    await assert.rejects(h.fileUploadFinish({ uploadId }), { code: 'invalid-argument', message: /2 of 4 bytes received; send the rest from offset 2/ })
    await h.fileUploadChunk({ uploadId, offset: 2, data: b64('cd') })
    await h.fileUploadFinish({ uploadId })
    assert.equal(shared[0]?.bytes, 'abcd')
    await rm(join(dir, '..'), { recursive: true })
  })

  test('names that are paths, too large files, and incidents this device may not write to are refused at the start', async () => {
    const { up, dir } = await uploads()
    const h = up.handlers()
    for (const name of ['../x', 'a/b', 'a\\b', '..', '.', 'a\0b']) assert.throws(() => uploadName(name), { code: 'invalid-argument' })
    await assert.rejects(h.fileUploadStart({ incidentId, name: '../../etc/passwd', size: 1 }), { code: 'invalid-argument' })
    await assert.rejects(h.fileUploadStart({ incidentId, name: 'big.iso', size: 2 ** 40 }), { code: 'invalid-argument', message: /files of up to \d+ bytes/ })
    await assert.rejects(h.fileUploadStart({ incidentId: 'f'.repeat(32), name: 'a.txt', size: 1 }), { code: 'not-authorized' })
    await rm(join(dir, '..'), { recursive: true, force: true })
  })

  test('at most MAX_OPEN_UPLOADS at once; cancelling one frees its place and its bytes', async () => {
    const { up, dir } = await uploads()
    const h = up.handlers()
    const ids: string[] = []
    // Started all at once: the limit holds while their files are still being opened.
    const starts = await Promise.allSettled(Array.from({ length: MAX_OPEN_UPLOADS + 2 }, async (_, i) => await h.fileUploadStart({ incidentId, name: `f${i}`, size: 1 })))
    for (const s of starts) if (s.status === 'fulfilled') ids.push(s.value.uploadId)
    assert.equal(ids.length, MAX_OPEN_UPLOADS)
    await assert.rejects(h.fileUploadStart({ incidentId, name: 'one more', size: 1 }), { code: 'busy' })
    await h.fileUploadCancel({ uploadId: ids[0] as string })
    assert.equal((await readdir(dir)).length, MAX_OPEN_UPLOADS - 1)
    await h.fileUploadStart({ incidentId, name: 'one more', size: 1 })
    await up.stop()
    assert.deepEqual(await readdir(dir), [])
    await rm(join(dir, '..'), { recursive: true })
  })

  test('an idle upload is dropped with its bytes; clear() removes what a crash left', async () => {
    const { up, dir } = await uploads(100)
    const h = up.handlers()
    const { uploadId } = await h.fileUploadStart({ incidentId, name: 'a.txt', size: 4 })
    await h.fileUploadChunk({ uploadId, offset: 0, data: b64('ab') })
    await new Promise(resolve => setTimeout(resolve, 300))
    await assert.rejects(h.fileUploadChunk({ uploadId, offset: 2, data: b64('cd') }), { code: 'not-found', message: /dropped after/ })
    assert.deepEqual(await readdir(dir), [])
    await h.fileUploadStart({ incidentId, name: 'left.txt', size: 4 })
    await up.clear()
    await assert.rejects(readdir(dir), { code: 'ENOENT' })
    await up.stop()
    await rm(join(dir, '..'), { recursive: true })
  })
})

describe('chunkSlices', () => {
  test('a range inside one chunk, across chunks, and past the end', () => {
    assert.deepEqual(chunkSlices(100, 10, 12, 5), [{ index: 1, from: 2, to: 7 }])
    assert.deepEqual(chunkSlices(100, 10, 8, 14), [{ index: 0, from: 8, to: 10 }, { index: 1, from: 0, to: 10 }, { index: 2, from: 0, to: 2 }])
    assert.deepEqual(chunkSlices(25, 10, 20, 100), [{ index: 2, from: 0, to: 5 }])
    assert.deepEqual(chunkSlices(25, 10, 25, 10), [])
    assert.deepEqual(chunkSlices(0, 10, 0, 10), [])
  })
})
