// The window's security settings, read as data: webPreferences, the permission rules, the CSP and Permissions-Policy.
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { CONTENT_SECURITY_POLICY, PERMISSIONS_POLICY } from '../../../main/csp.js'
import type { BrowserWindowConstructorOptions } from 'electron'
import { createSecureWindow, downloadAllowed, permissionAllowed, permissionCheckAllowed, permissionRequestAllowed } from '../../../main/web-policy.js'

function directives (csp: string): Map<string, string[]> {
  return new Map(csp.split(';').map(d => d.trim().split(/\s+/)).map(([name = '', ...values]) => [name, values]))
}

describe('window security', () => {
  class RecordingWindow { constructor (readonly options: BrowserWindowConstructorOptions) {} }

  test('webPreferences: isolated, sandboxed, no Node, web security on', () => {
    const prefs = createSecureWindow(RecordingWindow, '/app/dist/main/preload.cjs', false).options.webPreferences ?? {}
    assert.equal(prefs.preload, '/app/dist/main/preload.cjs')
    assert.equal(prefs.contextIsolation, true)
    assert.equal(prefs.sandbox, true)
    assert.equal(prefs.nodeIntegration, false)
    assert.equal(prefs.nodeIntegrationInWorker, false)
    assert.equal(prefs.nodeIntegrationInSubFrames, false)
    assert.equal(prefs.webSecurity, true)
    assert.equal(prefs.allowRunningInsecureContent, false)
    assert.equal(prefs.experimentalFeatures, false)
    assert.equal(prefs.webviewTag, false)
    assert.equal(prefs.devTools, false)
    assert.equal(prefs.enableBlinkFeatures, undefined)
    assert.equal(prefs.disableBlinkFeatures, 'Auxclick')
    assert.equal(prefs.spellcheck, false, 'dictionaries would be downloaded')
    assert.equal(createSecureWindow(RecordingWindow, '/p', true).options.webPreferences?.devTools, true)
  })

  test('the only permissions are clipboard writing and the microphone, for the app\'s main frame', () => {
    assert.equal(permissionAllowed('clipboard-sanitized-write', 'app://lifeboat/index.html', true), true)
    assert.equal(permissionAllowed('clipboard-sanitized-write', 'app://lifeboat/index.html', false), false)
    assert.equal(permissionAllowed('clipboard-sanitized-write', 'https://evil.example/', true), false)
    for (const p of ['notifications', 'media', 'geolocation', 'clipboard-read', 'openExternal', 'fullscreen', 'hid', 'usb', 'serial', 'fileSystem', 'unknown']) {
      assert.equal(permissionAllowed(p, 'app://lifeboat/index.html', true), false, p)
      assert.equal(permissionAllowed(p, 'app://lifeboat/index.html', true, { mediaTypes: ['video'] }), false, p)
    }
  })

  test('media: audio only (voice calls), never the camera, never another origin or a frame', () => {
    const app = 'app://lifeboat/index.html'
    // Requests name every type they want; checks name one.
    assert.equal(permissionRequestAllowed('media', { requestingUrl: app, isMainFrame: true, mediaTypes: ['audio'] }), true)
    assert.equal(permissionCheckAllowed('media', 'app://lifeboat', { requestingUrl: app, isMainFrame: true, mediaType: 'audio' }), true)
    assert.equal(permissionCheckAllowed('media', 'app://lifeboat', { isMainFrame: true, mediaType: 'audio' }), true, 'the origin stands in for a missing URL')
    for (const mediaTypes of [['video'], ['audio', 'video'], ['video', 'audio'], []]) {
      assert.equal(permissionRequestAllowed('media', { requestingUrl: app, isMainFrame: true, mediaTypes }), false, mediaTypes.join())
    }
    assert.equal(permissionRequestAllowed('media', { requestingUrl: app, isMainFrame: true }), false, 'a request that names no type')
    for (const mediaType of ['video', 'unknown', undefined]) {
      assert.equal(permissionCheckAllowed('media', 'app://lifeboat', { requestingUrl: app, isMainFrame: true, mediaType }), false, String(mediaType))
    }
    assert.equal(permissionRequestAllowed('media', { requestingUrl: app, isMainFrame: false, mediaTypes: ['audio'] }), false, 'a subframe')
    assert.equal(permissionCheckAllowed('media', 'app://lifeboat', { requestingUrl: app, isMainFrame: false, mediaType: 'audio' }), false, 'a subframe')
    for (const url of ['https://evil.example/', 'http://127.0.0.1:5173/', 'app://evil/index.html', 'file:///index.html']) {
      assert.equal(permissionRequestAllowed('media', { requestingUrl: url, isMainFrame: true, mediaTypes: ['audio'] }), false, url)
      assert.equal(permissionCheckAllowed('media', url, { isMainFrame: true, mediaType: 'audio' }), false, url)
    }
  })

  test('Permissions-Policy: the microphone for the page itself only, no camera', () => {
    const policy = new Map(PERMISSIONS_POLICY.split(',').map(p => p.trim().split('=') as [string, string]))
    assert.equal(policy.get('microphone'), '(self)')
    assert.equal(policy.get('camera'), '()')
    assert.equal(policy.get('display-capture'), '()')
  })

  test('CSP: default none, scripts only from the app, no eval, no frames, plugins, forms or base', () => {
    const d = directives(CONTENT_SECURITY_POLICY)
    assert.deepEqual(d.get('default-src'), ["'none'"])
    assert.deepEqual(d.get('script-src'), ["'self'"])
    assert.deepEqual(d.get('connect-src'), ["'self'"])
    assert.deepEqual(d.get('object-src'), ["'none'"])
    assert.deepEqual(d.get('frame-src'), ["'none'"])
    assert.deepEqual(d.get('base-uri'), ["'none'"])
    assert.deepEqual(d.get('form-action'), ["'none'"])
    assert.deepEqual(d.get('frame-ancestors'), ["'none'"])
    assert.doesNotMatch(CONTENT_SECURITY_POLICY, /unsafe-eval|wasm-unsafe-eval|\*|https?:|wss?:|file:/)
  })

  test('downloads: only the page\'s own blob: bytes (a saved shared file)', () => {
    assert.equal(downloadAllowed('blob:app://lifeboat/6f1c0a57-1d2b-4c2e-9a43-0d7d5e0b7c11'), true)
    for (const url of ['https://example.com/x.exe', 'app://lifeboat/index.html', 'blob:https://example.com/6f1c', 'blob:null/6f1c', 'blob:app://evil/6f1c', 'data:text/plain,x', 'file:///etc/passwd']) {
      assert.equal(downloadAllowed(url), false, url)
    }
  })
})
