#!/usr/bin/env node
// `npm start [-- ARGS]`: runs Lifeboat on the default data folder (or `--data DIR`).
//
// With the Electron binary installed, this launches the desktop app (dist/main/index.js). The
// `electron` package does not bring the binary: it is downloaded from the internet, by
// `npx install-electron` (or on the first `require('electron')`). Without it, this says so in
// one line and starts browser mode instead (`bin/lifeboat ui`), printing the URL to open.
//
// Because `require('electron')` would start that download (and fail slowly on a machine without
// internet), the binary is looked up here the way that module does it (path.txt,
// ELECTRON_OVERRIDE_DIST_PATH) without ever downloading anything.
import { spawn } from 'node:child_process'
import { existsSync, readFileSync, realpathSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath, pathToFileURL } from 'node:url'

const APP_ROOT = fileURLToPath(new URL('..', import.meta.url))
const LAUNCHER = join(APP_ROOT, 'bin', 'lifeboat')
const MAIN_ENTRY = join(APP_ROOT, 'dist', 'main', 'index.js')

/** The Electron executable of the electron package in `packageDir`, or why there is none. */
export function electronBinaryIn (packageDir, env = process.env) {
  let executable
  try { executable = readFileSync(join(packageDir, 'path.txt'), 'utf8').trim() } catch { executable = '' }
  if (env.ELECTRON_OVERRIDE_DIST_PATH) {
    const path = join(env.ELECTRON_OVERRIDE_DIST_PATH, executable || 'electron')
    return existsSync(path) ? { ok: true, path } : { ok: false, reason: `${path} (from ELECTRON_OVERRIDE_DIST_PATH) does not exist` }
  }
  if (executable === '') return { ok: false, reason: 'it is not downloaded (`npx install-electron` fetches it; that needs the internet)' }
  const path = join(packageDir, 'dist', executable)
  return existsSync(path) ? { ok: true, path } : { ok: false, reason: `${path} does not exist` }
}

/** The installed Electron executable, or why there is none. */
export function findElectron (env = process.env) {
  let packageDir
  try {
    packageDir = dirname(createRequire(import.meta.url).resolve('electron/package.json'))
  } catch {
    return { ok: false, reason: 'the electron package is not installed' }
  }
  return electronBinaryIn(packageDir, env)
}

function forwardSignals (child) {
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => { child.kill(signal) })
  child.on('exit', (code, signal) => { process.exit(code ?? (signal === null ? 0 : 1)) })
}

function launchElectron (electron, args) {
  if (!existsSync(MAIN_ENTRY)) {
    console.error('lifeboat: the app is not built; run `npm run build` first')
    process.exit(1)
  }
  const env = { ...process.env }
  delete env.ELECTRON_RUN_AS_NODE // would make the binary a plain Node and ignore the app
  forwardSignals(spawn(electron, [APP_ROOT, ...args], { stdio: 'inherit', env }))
}

function startBrowserMode (args) {
  const child = spawn(process.execPath, [LAUNCHER, 'ui', ...args], { stdio: ['inherit', 'pipe', 'inherit'] })
  createInterface({ input: child.stdout }).on('line', (line) => {
    let message
    try { message = JSON.parse(line) } catch { message = undefined }
    if (message?.event === 'ui' && typeof message.url === 'string') console.log(`lifeboat: browser mode is at ${message.url} (open it in a browser; Ctrl-C to stop)`)
    else console.log(line)
  })
  forwardSignals(child)
}

function main () {
  const args = process.argv.slice(2)
  const electron = findElectron()
  if (electron.ok) {
    launchElectron(electron.path, args)
    return
  }
  console.error(`lifeboat: no Electron binary, so no desktop window: ${electron.reason}. Starting browser mode instead.`)
  startBrowserMode(args)
}

const isEntry = process.argv[1] !== undefined && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href
if (isEntry) main()
