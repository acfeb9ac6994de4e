// The level of this device's own microphone, for the "you" meter: a WebAudio analyser on the
// local stream (remote levels come from the receivers' stats instead, which need no audio graph).
// The AudioContext is made during the Join click, while the page still has the gesture that
// lets it run.

export class LocalMeter {
  private readonly context: AudioContext | undefined
  private analyser: AnalyserNode | undefined
  private source: MediaStreamAudioSourceNode | undefined
  private readonly buffer = new Float32Array(512)

  constructor () {
    try { this.context = new AudioContext() } catch { this.context = undefined }
  }

  attach (stream: MediaStream): void {
    if (this.context === undefined) return
    this.source = this.context.createMediaStreamSource(stream)
    this.analyser = this.context.createAnalyser()
    this.analyser.fftSize = this.buffer.length
    this.source.connect(this.analyser) // not to the destination: nobody wants to hear themselves
    this.context.resume().catch(() => undefined)
  }

  /** 0…1: the RMS of the last few milliseconds (silence when the track is muted). */
  level (): number {
    if (this.analyser === undefined) return 0
    this.analyser.getFloatTimeDomainData(this.buffer)
    let sum = 0
    for (const v of this.buffer) sum += v * v
    return Math.min(1, Math.sqrt(sum / this.buffer.length))
  }

  close (): void {
    this.source?.disconnect()
    this.context?.close().catch(() => undefined)
  }
}
