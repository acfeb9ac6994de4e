// Writes the golden wire-format fixtures under test/fixtures/ from fixed keys and inputs.
//
//   npx tsc -p . && node dist/scripts/make-fixtures.js [core] [frames] [invite-v2] [blocks] [bulletin] [record] [load-index]     (default: all)
//
// Run it only when a wire format changes on purpose (with a new version number): the unit tests
// never regenerate fixtures, they decode the committed bytes, so a change that alters what is
// on the wire or on disk fails them. Write only the group whose format changed: sealed boxes,
// entries and presence carry random nonces, so every run rewrites those bytes.
//
// Bytes are written as "0x<hex>". Each fixture lists the inputs used (the decoded fields the
// tests expect), never values read back through the decoders.
import { writeCoreFixtures } from './fixtures/core.js'
import { writeBlockFixtures } from './fixtures/blocks.js'
import { writeBulletinFixtures } from './fixtures/bulletin.js'
import { writeFrameFixtures } from './fixtures/frames.js'
import { writeInviteV2Fixtures } from './fixtures/invite-v2.js'
import { writeLoadIndexFixture } from './fixtures/load-index.js'
import { writeRecordFixture } from './fixtures/record.js'

const groups: Record<string, () => void> = { core: writeCoreFixtures, frames: writeFrameFixtures, 'invite-v2': writeInviteV2Fixtures, blocks: writeBlockFixtures, bulletin: writeBulletinFixtures, record: writeRecordFixture, 'load-index': writeLoadIndexFixture }
const asked = process.argv.slice(2)
for (const name of asked.length > 0 ? asked : Object.keys(groups)) {
  const write = groups[name]
  if (write === undefined) {
    console.error(`unknown fixture group ${JSON.stringify(name)}; groups: ${Object.keys(groups).join(', ')}`)
    process.exit(2)
  }
  write()
}
