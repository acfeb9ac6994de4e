// Where a device keeps its data, and where its daemon's control socket lives.
// The data folder is the OS's per-user app-data folder for "Lifeboat" (the same place Electron's
// app.getPath('userData') picks for an app of that name), so the CLI and the desktop app agree.
import { createHash } from 'node:crypto'
import { homedir } from 'node:os'
import path from 'node:path'

export const APP_NAME = 'Lifeboat'

export interface PlatformInfo {
  platform: NodeJS.Platform
  env: Record<string, string | undefined>
  home: string
}

function currentPlatform (): PlatformInfo {
  return { platform: process.platform, env: process.env, home: homedir() }
}

/** The default data folder: linux $XDG_CONFIG_HOME (or ~/.config), macOS Application Support, Windows %APPDATA%. */
export function defaultDataDir (info: PlatformInfo = currentPlatform()): string {
  const { platform, env, home } = info
  if (platform === 'win32') {
    const p = path.win32
    return p.join(env.APPDATA ?? p.join(home, 'AppData', 'Roaming'), APP_NAME)
  }
  if (platform === 'darwin') return path.posix.join(home, 'Library', 'Application Support', APP_NAME)
  // XDG says a relative $XDG_CONFIG_HOME is invalid and must be ignored.
  const xdg = env.XDG_CONFIG_HOME
  const base = xdg !== undefined && path.posix.isAbsolute(xdg) ? xdg : path.posix.join(home, '.config')
  return path.posix.join(base, APP_NAME)
}

/**
 * The control socket of the daemon that owns `dataDir`: DIR/control.sock, or on Windows a named
 * pipe named after a hash of the absolute folder (pipes live in their own namespace, and Windows
 * paths are case-insensitive, hence the lower-casing).
 */
export function controlSocketPath (dataDir: string, platform: NodeJS.Platform = process.platform): string {
  if (platform === 'win32') {
    const abs = path.win32.resolve(dataDir).toLowerCase()
    const digest = createHash('sha256').update(abs).digest('hex').slice(0, 32)
    return `\\\\.\\pipe\\lifeboat-${digest}`
  }
  return path.posix.join(path.resolve(dataDir), 'control.sock')
}

/**
 * Unix socket paths are limited by sockaddr_un (108 bytes on Linux, 104 on macOS, including the
 * terminating NUL); a longer one is silently truncated or refused depending on the libuv version.
 */
export const MAX_UNIX_SOCKET_PATH_BYTES = 103

export function socketPathTooLong (socketPath: string, platform: NodeJS.Platform = process.platform): boolean {
  return platform !== 'win32' && Buffer.byteLength(socketPath) > MAX_UNIX_SOCKET_PATH_BYTES
}
