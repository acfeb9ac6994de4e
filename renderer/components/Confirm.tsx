// Asking before something that cannot be undone, in the app's own dialog (not window.confirm).
import { useCallback, useState, type ReactElement } from 'react'
import { Dialog } from './Dialog.js'

export interface ConfirmRequest { title: string, text: string, action: string, danger?: boolean }

export function useConfirm (): [(req: ConfirmRequest) => Promise<boolean>, ReactElement | null] {
  const [open, setOpen] = useState<{ req: ConfirmRequest, resolve: (ok: boolean) => void }>()
  const confirm = useCallback((req: ConfirmRequest) => new Promise<boolean>(resolve => setOpen({ req, resolve })), [])
  const close = (ok: boolean): void => { open?.resolve(ok); setOpen(undefined) }
  const element = open === undefined ? null : (
    <Dialog title={open.req.title} onClose={() => close(false)}
      footer={<>
        <button type="button" className="button" onClick={() => close(false)} autoFocus>Cancel</button>
        <button type="button" className={`button ${open.req.danger === true ? 'danger' : 'primary'}`} onClick={() => close(true)}>{open.req.action}</button>
      </>}>
      <p>{open.req.text}</p>
    </Dialog>
  )
  return [confirm, element]
}
