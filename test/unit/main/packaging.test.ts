// electron-builder.yml, checked with electron-builder's own loader and schema (packaging itself
// downloads Electron, so it cannot run here): fuses, the lifeboat:// scheme, targets, contents.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url))
const require = createRequire(import.meta.url)
interface BuilderConfig {
  appId?: string
  productName?: string
  asar?: boolean
  files?: Array<string | { filter?: string[] }>
  electronFuses?: Record<string, boolean>
  protocols?: Array<{ schemes: string[] }>
  linux?: { target?: string[], mimeTypes?: string[] }
  mac?: { target?: string }
  win?: { target?: string }
}
const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config.js') as {
  getConfig: (projectDir: string, configPath: string, options: null) => Promise<BuilderConfig>
  validateConfiguration: (config: BuilderConfig, logger: { add: () => void, isEnabled: boolean }) => Promise<void>
}

test('electron-builder.yml is valid and asks for the fuses, the scheme, the targets and the app files', async () => {
  const config = await getConfig(ROOT, 'electron-builder.yml', null)
  await validateConfiguration(config, { add: () => {}, isEnabled: false })
  assert.equal(config.productName, 'Lifeboat')
  assert.match(config.appId ?? '', /^[a-z0-9.-]+$/)
  assert.equal(config.asar, true)
  assert.deepEqual(config.electronFuses, {
    runAsNode: false,
    enableNodeOptionsEnvironmentVariable: false,
    enableNodeCliInspectArguments: false,
    enableEmbeddedAsarIntegrityValidation: true,
    onlyLoadAppFromAsar: true,
    enableCookieEncryption: true,
    grantFileProtocolExtraPrivileges: false
  })
  assert.deepEqual(config.protocols?.map(p => p.schemes), [['lifeboat']])
  assert.deepEqual(config.linux?.target, ['AppImage', 'deb'])
  assert.ok(config.linux?.mimeTypes?.includes('x-scheme-handler/lifeboat'))
  assert.equal(config.mac?.target, 'dmg')
  assert.equal(config.win?.target, 'nsis')
  const files = (config.files ?? []).flatMap(f => typeof f === 'string' ? [f] : f.filter ?? [])
  for (const needed of ['dist/main/**', 'dist/p2p/**', 'renderer/dist/**', 'package.json']) assert.ok(files.includes(needed), needed)
  const pkg = require('../../../../package.json') as { main?: string }
  assert.equal(pkg.main, 'dist/main/index.js', 'Electron starts package.json "main"')
})
