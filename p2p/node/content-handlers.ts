// The API methods about what an incident holds — chat, private conversations, search,
// announcements, the bulletin, drafts, the workspace and its replicas, files, settings and the record — put
// together from their handler files. Each needs the incident by id and one or two of the node's parts.
import type { DeviceIdentity } from '../identity/identity.js'
import type { Incident } from '../incident/incident.js'
import type { FileService } from '../services/blocks/file-service.js'
import type { GossipService } from '../services/gossip/gossip-service.js'
import type { ChunkStore } from '../storage/chunk-store.js'
import type { Store } from '../storage/store.js'
import type { ReplicaSessions } from '../workspace/replica-sessions.js'
import { announceHandlers } from './announce-handlers.js'
import { bulletinHandlers } from './bulletin-handlers.js'
import { chatHandlers } from './chat-handlers.js'
import { draftHandlers } from './draft-handlers.js'
import { evidenceChecked, fileHandlers } from './file-handlers.js'
import { filePageHandlers } from './file-page-handlers.js'
import { privateHandlers } from './private-handlers.js'
import type { ReadMarks } from './read-marks.js'
import type { Checkpoints } from './checkpoints.js'
import { clockHandlers } from './clock-handlers.js'
import type { RetentionPurges } from './retention-purges.js'
import { recordHandlers } from './record-handlers.js'
import { replicaHandlers } from './replica-handlers.js'
import { reportHandler } from './report-handler.js'
import { searchHandler } from './search-handler.js'
import { settingsHandlers } from './settings-handlers.js'
import { workspaceHandlers } from './workspace-handlers.js'

export interface ContentDeps {
  incidentOf: (id: string) => Incident
  me: DeviceIdentity
  store: Store
  reads: ReadMarks
  files: FileService
  chunks: ChunkStore
  replicas: ReplicaSessions
  gossip: GossipService
  checkpoints: Checkpoints
  purges: RetentionPurges
}

export function contentHandlers ({ incidentOf, me, store, reads, files, chunks, replicas, gossip, checkpoints, purges }: ContentDeps) {
  const workspace = workspaceHandlers(incidentOf)
  const conversations = privateHandlers(incidentOf, me)
  const { dmSend, dmList, threadCreate, threads, threadRemove } = conversations
  return {
    ...chatHandlers(incidentOf, me.peerId, reads, conversations),
    dmSend, dmList, threadCreate, threads, threadRemove,
    search: searchHandler(incidentOf, conversations),
    ...announceHandlers(incidentOf, me.peerId),
    ...bulletinHandlers(incidentOf, me),
    ...draftHandlers(incidentOf, store),
    ...workspace,
    ...evidenceChecked(workspace, incidentOf, files),
    ...replicaHandlers(incidentOf, replicas, gossip),
    ...fileHandlers(incidentOf, files),
    ...settingsHandlers(incidentOf, purges),
    ...filePageHandlers(incidentOf, files, chunks, me.peerId),
    ...recordHandlers(incidentOf, me, chunks, checkpoints),
    ...reportHandler(incidentOf, store, workspace),
    ...clockHandlers(incidentOf, workspace)
  }
}
