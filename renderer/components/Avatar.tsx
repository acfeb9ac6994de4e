import type { ReactElement } from 'react'
import { hueOf, initials } from '../lib/format.js'

/** A person's initials on their colour; decorative (the name is always written next to it). */
export function Avatar ({ id, name, size = 32, online }: { id: string, name: string, size?: number, online?: boolean }): ReactElement {
  return (
    <span className="avatar" style={{ width: size, height: size, fontSize: size * 0.4, ['--hue' as string]: hueOf(id) }} aria-hidden="true">
      {initials(name)}
      {online !== undefined && <span className={`presence-dot ${online ? 'is-online' : ''}`} />}
    </span>
  )
}
