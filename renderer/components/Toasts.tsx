// Short notices ("Invite link copied", "Could not reach the inviter"), announced to screen
// readers through a live region; errors stay until dismissed.
import { createContext, useCallback, useContext, useMemo, useRef, useState, type ReactElement, type ReactNode } from 'react'
import { Icon } from './Icon.js'

type Kind = 'info' | 'success' | 'error'
interface Toast { id: number, kind: Kind, text: string }
type Notify = (text: string, kind?: Kind) => void

const ToastContext = createContext<Notify>(() => {})

export function useToast (): Notify { return useContext(ToastContext) }

export function ToastProvider ({ children }: { children: ReactNode }): ReactElement {
  const [toasts, setToasts] = useState<Toast[]>([])
  const next = useRef(1)
  const dismiss = useCallback((id: number) => setToasts(ts => ts.filter(t => t.id !== id)), [])
  const notify = useCallback<Notify>((text, kind = 'info') => {
    const id = next.current++
    setToasts(ts => [...ts.slice(-3), { id, kind, text }])
    if (kind !== 'error') setTimeout(() => dismiss(id), 4000)
  }, [dismiss])
  const value = useMemo(() => notify, [notify])
  return (
    <ToastContext.Provider value={value}>
      {children}
      <div className="toasts" role="status" aria-live="polite">
        {toasts.map(t => (
          <div key={t.id} className={`toast toast-${t.kind}`} role={t.kind === 'error' ? 'alert' : undefined}>
            <Icon name={t.kind === 'error' ? 'alert' : t.kind === 'success' ? 'check' : 'info'} />
            <span>{t.text}</span>
            <button type="button" className="icon-button" onClick={() => dismiss(t.id)} aria-label="Dismiss"><Icon name="x" size={16} /></button>
          </div>
        ))}
      </div>
    </ToastContext.Provider>
  )
}

/** The message of anything thrown, for a toast. */
export function errorText (err: unknown): string {
  return err instanceof Error ? err.message : String(err)
}
