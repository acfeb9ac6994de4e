// The control socket's wire format (p2p/api/wire.ts framed by p2p/host/control/protocol.ts) and
// line framing: golden encodings, and every kind of bad line decoding to a clear error instead of
// a throw.
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { isMethodName } from '../../../p2p/api/validators.js'
import { callMessage, decodeRequest, decodeServerMessage, eventMessage, responseMessage, subscribeMessage } from '../../../p2p/api/wire.js'
import { CONTROL_CHANNEL, CONTROL_DIALECT, encodeRequestLine, encodeServerLine, MAX_REQUEST_LINE_BYTES } from '../../../p2p/host/control/protocol.js'
import { LineSplitter } from '../../../p2p/host/control/line-splitter.js'
import { WireFormatError } from '../../../p2p/errors.js'

const encodeCall = (id: number | string, method: Parameters<typeof callMessage>[1], params: object): string => encodeRequestLine(callMessage(id, method, params))
const encodeSubscribe = (id: number): string => encodeRequestLine(subscribeMessage(id))
const encodeResponse = (id: number | null, result: Parameters<typeof responseMessage>[1]): string => encodeServerLine(responseMessage(id, result))
const encodeEvent = (...args: Parameters<typeof eventMessage>): string => encodeServerLine(eventMessage(...args))
const decodeServerLine = (line: string): ReturnType<typeof decodeServerMessage> => decodeServerMessage(line, CONTROL_CHANNEL)

describe('control protocol v1: encoding', () => {
  test('golden lines', () => {
    assert.equal(encodeCall(1, 'whoami', {}), '{"v":1,"id":1,"method":"whoami","params":{}}\n')
    assert.equal(encodeCall('a', 'sendMessage', { incidentId: 'x', text: 'two\nlines' }),
      '{"v":1,"id":"a","method":"sendMessage","params":{"incidentId":"x","text":"two\\nlines"}}\n')
    assert.equal(encodeSubscribe(2), '{"v":1,"id":2,"subscribe":true}\n')
    assert.equal(encodeResponse(3, { ok: true, value: { peerId: 'p' } }), '{"id":3,"ok":true,"value":{"peerId":"p"}}\n')
    assert.equal(encodeResponse(4, { ok: true, value: undefined }), '{"id":4,"ok":true,"value":null}\n')
    assert.equal(encodeResponse(null, { ok: false, error: { code: 'bad-request', message: 'm' } }), '{"id":null,"ok":false,"error":{"code":"bad-request","message":"m"}}\n')
    assert.equal(encodeEvent('peer', { peerId: 'p', connected: true }), '{"event":"peer","payload":{"peerId":"p","connected":true}}\n')
  })

  test('a value JSON cannot carry makes encodeResponse throw (the server turns it into an error)', () => {
    assert.throws(() => encodeResponse(1, { ok: true, value: { n: 1n } }), { code: 'internal', message: /not JSON/ })
  })

  test('a request over the line limit is refused before it is sent', () => {
    assert.throws(() => encodeCall(1, 'sendMessage', { text: 'x'.repeat(MAX_REQUEST_LINE_BYTES) }), { code: 'invalid-argument', message: /request is larger than/ })
  })
})

describe('control protocol v1: decoding requests', () => {
  const decode = (line: string): ReturnType<typeof decodeRequest> => decodeRequest(line, isMethodName, CONTROL_DIALECT)

  test('calls and subscriptions round-trip through the encoders', () => {
    assert.deepEqual(decode(encodeCall(7, 'createIncident', { title: 'Outage' }).trimEnd()),
      { type: 'call', id: 7, method: 'createIncident', params: { title: 'Outage' } })
    assert.deepEqual(decode('{"v":1,"id":"x","method":"peers"}'), { type: 'call', id: 'x', method: 'peers', params: {} })
    assert.deepEqual(decode(encodeSubscribe(8).trimEnd()), { type: 'subscribe', id: 8 })
  })

  const bad: Array<[string, string, number | string | null, RegExp]> = [
    ['not json', 'bad-request', null, /not JSON/],
    ['[1,2]', 'bad-request', null, /JSON object/],
    ['null', 'bad-request', null, /JSON object/],
    ['{"v":1,"method":"whoami"}', 'bad-request', null, /needs an id/],
    [`{"v":1,"id":"${'x'.repeat(200)}","method":"whoami"}`, 'bad-request', null, /needs an id/],
    ['{"v":1,"id":{},"method":"whoami"}', 'bad-request', null, /needs an id/],
    ['{"v":2,"id":3,"method":"whoami"}', 'unsupported-version', 3, /version 2.*v1/],
    ['{"id":3,"method":"whoami"}', 'unsupported-version', 3, /version undefined/],
    ['{"v":1,"id":4}', 'bad-request', 4, /needs a method/],
    ['{"v":1,"id":4,"method":42}', 'bad-request', 4, /needs a method/],
    ['{"v":1,"id":5,"method":"rmrf"}', 'unknown-method', 5, /unknown method "rmrf"/],
    ['{"v":1,"id":5,"method":"__proto__"}', 'unknown-method', 5, /unknown method/],
    ['{"v":1,"id":5,"method":"toString"}', 'unknown-method', 5, /unknown method/],
    ['{"v":1,"id":6,"method":"whoami","params":[1]}', 'bad-request', 6, /params must be a JSON object/],
    ['{"v":1,"id":6,"method":"whoami","params":"x"}', 'bad-request', 6, /params must be a JSON object/]
  ]
  for (const [line, code, id, message] of bad) {
    test(`${line.slice(0, 60)} → ${code}`, () => {
      const got = decode(line)
      assert.equal(got.type, 'invalid')
      if (got.type !== 'invalid') return
      assert.equal(got.error.code, code)
      assert.equal(got.id, id)
      assert.match(got.error.message, message)
    })
  }
})

describe('control protocol v1: decoding server lines', () => {
  test('responses and events', () => {
    assert.deepEqual(decodeServerLine('{"id":1,"ok":true,"value":[1]}'), { type: 'response', id: 1, result: { ok: true, value: [1] } })
    assert.deepEqual(decodeServerLine('{"id":null,"ok":false,"error":{"code":"c","message":"m"}}'),
      { type: 'response', id: null, result: { ok: false, error: { code: 'c', message: 'm' } } })
    assert.deepEqual(decodeServerLine('{"event":"roster","payload":{"incidentId":"i"}}'), { type: 'event', event: 'roster', payload: { incidentId: 'i' } })
    // A newer daemon's event is passed on (no listener will match), not treated as corruption.
    assert.equal(decodeServerLine('{"event":"future","payload":1}').type, 'event')
  })

  for (const line of ['nope', '[]', '{"ok":true}', '{"id":1}', '{"id":1,"ok":false}', '{"id":1,"ok":false,"error":{"code":1,"message":"m"}}']) {
    test(`rejects ${line}`, () => { assert.throws(() => decodeServerLine(line), WireFormatError) })
  }
})

describe('line splitter', () => {
  test('lines across chunks, CRLF, empty lines, and a UTF-8 character split between chunks', () => {
    const s = new LineSplitter(100)
    const bytes = Buffer.from('{"a":1}\r\n\n{"b":"é"}\n{"c"')
    const cut = bytes.indexOf(Buffer.from('é')) + 1 // inside the two bytes of é
    assert.deepEqual(s.push(bytes.subarray(0, cut)), { lines: ['{"a":1}'], overflow: false })
    assert.deepEqual(s.push(bytes.subarray(cut)), { lines: ['{"b":"é"}'], overflow: false })
    assert.equal(s.pendingBytes, 4)
    assert.deepEqual(s.push(Buffer.from(':3}\n')), { lines: ['{"c":3}'], overflow: false })
  })

  test('a line of exactly the limit passes; one byte more overflows, keeping the lines before it', () => {
    const s = new LineSplitter(10)
    assert.deepEqual(s.push(Buffer.from('0123456789\n')), { lines: ['0123456789'], overflow: false })
    assert.deepEqual(s.push(Buffer.from('ok\n01234')), { lines: ['ok'], overflow: false })
    assert.deepEqual(s.push(Buffer.from('567890')), { lines: [], overflow: true })
    // Once overflowed the stream is unusable: nothing more comes out.
    assert.deepEqual(s.push(Buffer.from('\nfine\n')), { lines: [], overflow: true })
  })

  test('the request limit is 2 MiB: a 1 MiB file piece in base64 fits', () => {
    assert.equal(MAX_REQUEST_LINE_BYTES, 2 * 1024 * 1024)
    const piece = Buffer.alloc(1024 * 1024, 0xff).toString('base64')
    assert.doesNotThrow(() => encodeRequestLine({ v: 1, id: 1, method: 'fileUploadChunk', params: { uploadId: 'a'.repeat(32), offset: 0, data: piece } }))
  })
})
