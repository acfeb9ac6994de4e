import type { ReactElement } from 'react'
import { fingerprintRows } from '../lib/format.js'

/** A safety number laid out for reading aloud: groups of five digits, three per row. */
export function Fingerprint ({ value, label }: { value: string, label?: string }): ReactElement {
  return (
    <div className="fingerprint" role="group" aria-label={label ?? 'Fingerprint'}>
      {fingerprintRows(value).map((row, i) => <code key={i}>{row}</code>)}
    </div>
  )
}
