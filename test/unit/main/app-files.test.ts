// What the app:// protocol serves: the built renderer's files, with the security headers, and
// nothing outside that folder.
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { resolveAppPath, serveAppRequest } from '../../../main/app-files.js'
import { CONTENT_SECURITY_POLICY } from '../../../main/csp.js'
import { withTempDir } from '../../support/tempdir.js'

const root = path.resolve('/srv/renderer/dist')
const read = async (file: string): Promise<Uint8Array> => new Uint8Array(await readFile(file))

describe('resolveAppPath', () => {
  test('app://lifeboat/ paths map into the folder; / is index.html', () => {
    assert.deepEqual(resolveAppPath(root, 'app://lifeboat/'), { ok: true, file: path.join(root, 'index.html') })
    assert.deepEqual(resolveAppPath(root, 'app://lifeboat/assets/index-1a2b.js?v=1#x'), { ok: true, file: path.join(root, 'assets', 'index-1a2b.js') })
    assert.deepEqual(resolveAppPath(root, 'app://lifeboat/a%20b.css'), { ok: true, file: path.join(root, 'a b.css') })
  })

  test('other schemes and hosts are refused', () => {
    for (const url of ['app://other/index.html', 'file:///srv/renderer/dist/index.html', 'https://lifeboat/', 'app://lifeboat.evil/']) {
      const r = resolveAppPath(root, url)
      assert.equal(r.ok, false, url)
      assert.equal(r.ok ? 0 : r.status, 403, url)
    }
    assert.equal(resolveAppPath(root, '::').ok, false)
  })

  test('nothing outside the folder, however it is spelled', () => {
    const inside = (file: string): boolean => file.startsWith(root + path.sep)
    // Dot segments, plain or percent-encoded, are folded by the URL parser and stay inside.
    for (const url of ['app://lifeboat/../../etc/passwd', 'app://lifeboat/%2e%2e/%2e%2e/etc/passwd', 'app://lifeboat/a/.%2E/.%2e/b']) {
      const r = resolveAppPath(root, url)
      assert.ok(r.ok && inside(r.file), url)
    }
    // Whatever survives the parser as a separator, a drive, a NUL or a dot segment is refused.
    for (const url of [
      'app://lifeboat/assets/..%2f..%2fsecret',
      'app://lifeboat/..%5c..%5csecret',
      'app://lifeboat/%2e%2e%5csecret',
      'app://lifeboat/C:%5cWindows%5cwin.ini',
      'app://lifeboat/c:/Windows/win.ini',
      'app://lifeboat/a%00.js',
      'app://lifeboat/%E0%A4%A'
    ]) {
      assert.equal(resolveAppPath(root, url).ok, false, url)
    }
  })
})

describe('serveAppRequest', () => {
  test('files with their type and the security headers; the SPA route falls back to index.html', async () => {
    await withTempDir(async (dir) => {
      await mkdir(path.join(dir, 'assets'))
      await writeFile(path.join(dir, 'index.html'), '<!doctype html><title>Lifeboat</title>')
      await writeFile(path.join(dir, 'assets', 'app.js'), 'console.log(1)')
      const index = await serveAppRequest(dir, 'app://lifeboat/', read)
      assert.equal(index.status, 200)
      assert.equal(index.headers['Content-Type'], 'text/html; charset=utf-8')
      assert.equal(index.headers['Content-Security-Policy'], CONTENT_SECURITY_POLICY)
      assert.equal(index.headers['X-Content-Type-Options'], 'nosniff')
      assert.equal(Buffer.from(index.body).toString(), '<!doctype html><title>Lifeboat</title>')

      const js = await serveAppRequest(dir, 'app://lifeboat/assets/app.js', read)
      assert.equal(js.status, 200)
      assert.equal(js.headers['Content-Type'], 'text/javascript; charset=utf-8')

      const route = await serveAppRequest(dir, 'app://lifeboat/incident/abc', read)
      assert.equal(route.status, 200)
      assert.equal(route.headers['Content-Type'], 'text/html; charset=utf-8')

      assert.equal((await serveAppRequest(dir, 'app://lifeboat/assets/missing.js', read)).status, 404)
      assert.equal((await serveAppRequest(dir, 'app://lifeboat/assets', read)).status, 200, 'a folder is no file: the SPA answers')
      assert.equal((await serveAppRequest(dir, 'app://lifeboat/..%2fx', read)).status, 403)
      assert.equal((await serveAppRequest(dir, 'app://lifeboat/', read, 'POST')).status, 405)
    })
  })

  test('an unbuilt renderer gets a page that says how to build it', async () => {
    await withTempDir(async (dir) => {
      const res = await serveAppRequest(path.join(dir, 'missing'), 'app://lifeboat/', read)
      assert.equal(res.status, 404)
      assert.match(String(res.body), /npm run build/)
      assert.equal(res.headers['Content-Security-Policy'], CONTENT_SECURITY_POLICY)
    })
  })

  test('a read error other than a missing file is a 500, not a fallback', async () => {
    const failing = async (): Promise<Uint8Array> => { throw Object.assign(new Error('EACCES'), { code: 'EACCES' }) }
    assert.equal((await serveAppRequest(root, 'app://lifeboat/index.html', failing)).status, 500)
  })
})
