// The published bulletins, newest first, as the public reads them; the signature is shortened
// (the full one is in the files and on hover). A bulletin signed before the key was rotated says so.
import type { ReactElement } from 'react'
import type { BulletinStatement } from '../../p2p/api/types.js'
import { bothStamps, utcStamp } from '../lib/format.js'

export function BulletinList ({ bulletins, currentKey }: { bulletins: readonly BulletinStatement[], currentKey: string | undefined }): ReactElement {
  const newestFirst = [...bulletins].reverse()
  return (
    <section className="bulletin-card" aria-labelledby="bulletin-list-heading">
      <h2 id="bulletin-list-heading">Published bulletins</h2>
      {newestFirst.length === 0 && <p className="muted">None published yet.</p>}
      <ol className="bulletin-list" aria-labelledby="bulletin-list-heading">
        {newestFirst.map(b => {
          const at = Date.parse(b.time)
          return (
            <li key={b.seq}>
              <article className="bulletin-item" aria-labelledby={`bulletin-${b.seq}`}>
                <p className="bulletin-item-head">
                  <strong id={`bulletin-${b.seq}`}>Bulletin {b.seq}</strong> · <time dateTime={b.time} title={bothStamps(at)}>{utcStamp(at, false)}</time>
                  {currentKey !== undefined && b.key !== currentKey && <span className="bulletin-old-key"> · signed with an earlier key</span>}
                </p>
                <p className="bulletin-item-text">{b.text}</p>
                <p className="bulletin-sig" title={`Signature ${b.sig}`}>Signature <code>{b.sig.slice(0, 16)}…</code></p>
              </article>
            </li>
          )
        })}
      </ol>
    </section>
  )
}
