// The published folder, to save at any time: all three files in one go, or one by one where a
// browser lets a page download only one file per click.
import { useEffect, useRef, useState, type ReactElement } from 'react'
import { Icon } from '../components/Icon.js'
import { errorText, useToast } from '../components/Toasts.js'
import { BULLETIN_FILE_NAMES, saveBulletinFiles } from './bulletin-files.js'

/** `published`: the bulletin just signed on this screen, if any (said, and the button focused). */
export function SaveBulletinFiles ({ incidentId, count, published }: { incidentId: string, count: number, published: number | undefined }): ReactElement {
  const notify = useToast()
  const [busy, setBusy] = useState(false)
  const button = useRef<HTMLButtonElement>(null)
  useEffect(() => { if (published !== undefined) button.current?.focus() }, [published])
  const save = async (names?: readonly string[]): Promise<void> => {
    setBusy(true)
    try {
      await saveBulletinFiles(incidentId, names)
    } catch (err) {
      notify(`Files not saved: ${errorText(err)}`, 'error')
    } finally { setBusy(false) }
  }
  return (
    <section className="bulletin-card bulletin-save" aria-labelledby="bulletin-save-heading">
      <h2 id="bulletin-save-heading">Files for the public</h2>
      <p role="status" className="bulletin-published">
        {published !== undefined && <><Icon name="check" /> Bulletin {published} is signed. Save the files and put them where the public reads them, in place of any earlier copy.</>}
      </p>
      <div className="bulletin-save-row">
        <button ref={button} type="button" className="button primary" disabled={busy} onClick={() => { void save() }}><Icon name="download" />Save files</button>
        <span className="bulletin-save-one" role="group" aria-label="Save one file">
          or one at a time:
          {BULLETIN_FILE_NAMES.map(name => (
            <button key={name} type="button" className="button small" disabled={busy} onClick={() => { void save([name]) }} aria-label={`Save ${name}`}>{name}</button>
          ))}
        </span>
      </div>
      <p className="field-hint">
        {count === 1 ? 'The files hold bulletin 1.' : `The files hold all ${count} bulletins.`} Put these three files on any web host, a USB stick, or print bulletin.txt.
        Anyone can check them with <code>lifeboat bulletin verify DIR</code>.
      </p>
    </section>
  )
}
