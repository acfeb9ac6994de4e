// The node's libp2p logger: silent (and making nothing) unless DEBUG asks for libp2p's output.
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { libp2pLogger } from '../../p2p/node/libp2p-logger.js'

describe('libp2pLogger', () => {
  test('without DEBUG every component and scope gets the same disabled logger', () => {
    for (const unset of [undefined, '', '  ']) {
      const logger = libp2pLogger(unset)
      assert.ok(logger !== undefined)
      const log = logger.forComponent('libp2p:yamux')
      assert.equal(log.enabled, false)
      assert.equal(log.newScope('stream'), log)
      assert.equal(logger.forComponent('libp2p:noise'), log)
      log('a %s message', 'dropped')
      log.error('and an error')
      log.trace('and a trace')
    }
  })

  test('with DEBUG set, libp2p keeps its own logger', () => {
    assert.equal(libp2pLogger('libp2p:*'), undefined)
  })
})
