// The Bulletin tab (issue 13): what the incident's leads tell clients and the public, signed with
// the incident's bulletin key. Everyone sees the key's fingerprint and the published bulletins and
// can save the files; admins make or rotate the key and write, preview and publish bulletins.
import { useState, type ReactElement } from 'react'
import type { IncidentSummary } from '../../p2p/api/types.js'
import { useApp } from '../app/context.js'
import type { SyncView } from '../app/sync-monitor.js'
import { BulletinComposer } from './BulletinComposer.js'
import { BulletinKeyCard } from './BulletinKeyCard.js'
import { BulletinList } from './BulletinList.js'
import { SaveBulletinFiles } from './SaveBulletinFiles.js'
import { useBulletins } from './useBulletins.js'

export function BulletinPanel ({ incident, sync }: { incident: IncidentSummary, sync: SyncView }): ReactElement {
  const { me } = useApp()
  const book = useBulletins(incident.incidentId)
  const [published, setPublished] = useState<number>()
  const isAdmin = incident.role === 'admin'
  const members = sync.members ?? []
  const key = book.data?.key ?? null
  const bulletins = book.data?.bulletins ?? []
  return (
    <div className="bulletin">
      <div className="scroll-area">
        {book.error !== undefined && <p className="field-error" role="alert">Could not load the bulletin: {book.error.message}</p>}
        {book.data !== undefined && (
          <>
            <BulletinKeyCard incidentId={incident.incidentId} bulletinKey={key} isAdmin={isAdmin} members={members} me={me.peerId} />
            {isAdmin && key !== null && (
              <BulletinComposer incidentId={incident.incidentId} nextSeq={bulletins.length + 1} canPublish={!key.missing.includes(me.peerId)} onPublished={setPublished} />
            )}
            {bulletins.length > 0 && <SaveBulletinFiles incidentId={incident.incidentId} count={bulletins.length} published={published} />}
            <BulletinList bulletins={bulletins} currentKey={key?.publicKey} />
          </>
        )}
      </div>
    </div>
  )
}
