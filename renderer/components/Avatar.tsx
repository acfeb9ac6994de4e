import type { ReactElement } from 'react'
import { hueOf, initials } from '../lib/format.js'

/**
 * A person's initials on their colour; decorative (the name is always written next to it). The
 * initials are drawn by CSS (data-initials), not as text: they are no part of the visible label of
 * a button the avatar sits in, so that label matches the button's accessible name (WCAG 2.5.3).
 */
export function Avatar ({ id, name, size = 32, online }: { id: string, name: string, size?: number, online?: boolean }): ReactElement {
  return (
    <span className="avatar" style={{ width: size, height: size, fontSize: size * 0.4, ['--hue' as string]: hueOf(id) }} data-initials={initials(name)} aria-hidden="true">
      {online !== undefined && <span className={`presence-dot ${online ? 'is-online' : ''}`} />}
    </span>
  )
}
