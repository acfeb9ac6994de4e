// The desktop app's warning that this data folder's key is stored unprotected (no OS keychain,
// or one that protects nothing). Main sends the key's state at every start and page load (the
// 'key-protection' shell event, kept by App); the banner stays until the key is protected.
// Browser mode sends no such event and shows nothing.
import type { ReactElement } from 'react'
import type { KeyNotice } from '../../p2p/api/bridge.js'
import { Icon } from './Icon.js'

/** A shell event's payload, if it is a KeyNotice (the bridge carries untyped payloads). */
export function asKeyNotice (payload: unknown): KeyNotice | undefined {
  if (typeof payload !== 'object' || payload === null) return undefined
  const { state, message } = payload as Record<string, unknown>
  return (state === 'protected' || state === 'unprotected') && typeof message === 'string' ? { state, message } : undefined
}

export function KeyBanner ({ notice }: { notice: KeyNotice | undefined }): ReactElement | null {
  if (notice?.state !== 'unprotected') return null
  return (
    <div className="banner banner-warn key-banner" role="alert">
      <Icon name="shield" />
      <span>{notice.message}</span>
    </div>
  )
}
