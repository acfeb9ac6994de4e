// "Attach file": a button over a hidden file input (the input is what tests and the OS picker use).
import { useRef, type ReactElement } from 'react'
import { Icon } from '../components/Icon.js'

export function AttachButton ({ onFiles, label = 'Attach file', withText = false }: { onFiles: (files: File[]) => void, label?: string, withText?: boolean }): ReactElement {
  const input = useRef<HTMLInputElement>(null)
  return (
    <>
      <input ref={input} type="file" multiple hidden data-attach="" onChange={e => {
        const files = [...(e.target.files ?? [])]
        e.target.value = ''
        if (files.length > 0) onFiles(files)
      }} />
      <button type="button" className={withText ? 'button' : 'icon-button attach-button'} aria-label={withText ? undefined : label} title={label} onClick={() => input.current?.click()}>
        <Icon name={withText ? 'upload' : 'paperclip'} />{withText && <span>{label}</span>}
      </button>
    </>
  )
}
