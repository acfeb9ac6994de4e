// A modal dialog on the native <dialog> element: focus is trapped and restored by the browser,
// Escape closes it, and it is announced with its title.
import { useEffect, useId, useRef, type ReactElement, type ReactNode } from 'react'
import { Icon } from './Icon.js'

export interface DialogProps {
  title: string
  onClose: () => void
  children: ReactNode
  /** Buttons, right-aligned at the bottom. */
  footer?: ReactNode
  wide?: boolean
  description?: string
}

export function Dialog ({ title, onClose, children, footer, wide, description }: DialogProps): ReactElement {
  const ref = useRef<HTMLDialogElement>(null)
  const titleId = useId()
  const descId = useId()
  useEffect(() => {
    const dialog = ref.current
    if (dialog !== null && !dialog.open) dialog.showModal()
    return () => { dialog?.close() }
  }, [])
  return (
    <dialog ref={ref} className={`dialog ${wide === true ? 'dialog-wide' : ''}`} aria-labelledby={titleId}
      aria-describedby={description === undefined ? undefined : descId}
      onCancel={(e) => { e.preventDefault(); onClose() }}
      onClick={(e) => { if (e.target === ref.current) onClose() }}>
      <div className="dialog-body">
        <header className="dialog-header">
          <h2 id={titleId}>{title}</h2>
          <button type="button" className="icon-button" onClick={onClose} aria-label="Close"><Icon name="x" /></button>
        </header>
        {description !== undefined && <p id={descId} className="dialog-description">{description}</p>}
        <div className="dialog-content">{children}</div>
        {footer !== undefined && <footer className="dialog-footer">{footer}</footer>}
      </div>
    </dialog>
  )
}
