import { useState, type ReactElement } from 'react'
import { Icon } from './Icon.js'

export function CopyButton ({ text, label = 'Copy', withText }: { text: string, label?: string, withText?: boolean }): ReactElement {
  const [copied, setCopied] = useState(false)
  const copy = async (): Promise<void> => {
    try {
      await navigator.clipboard.writeText(text)
    } catch {
      return
    }
    setCopied(true)
    setTimeout(() => setCopied(false), 1500)
  }
  return (
    <button type="button" className={withText === true ? 'button' : 'icon-button'} onClick={() => { void copy() }} aria-label={withText === true ? undefined : label} title={label}>
      <Icon name={copied ? 'check' : 'copy'} />{withText === true && <span>{copied ? 'Copied' : label}</span>}
      <span className="sr-only" aria-live="polite">{copied ? 'Copied' : ''}</span>
    </button>
  )
}
