/**
 * Reads a track's sound block by block as the capture delivers it (10 ms at a
 * time in Chromium), through MediaStreamTrackProcessor's stream of AudioData,
 * which TypeScript's DOM library does not describe. Used on the page and in the
 * sending worker alike.
 */

export interface AudioChunk {
  readonly sampleRate: number;
  readonly numberOfFrames: number;
  readonly numberOfChannels: number;
  copyTo(destination: Float32Array, options: { planeIndex: number; format: 'f32-planar' }): void;
  close(): void;
}

export interface TrackProcessorConstructor {
  new (init: { track: MediaStreamTrack }): { readable: ReadableStream<AudioChunk> };
}

/** The listener plays at this rate, and the track is read directly only at it. */
export const TRACK_SAMPLE_RATE = 48_000;

/**
 * Hands every block of `readable` to `onBlock` as two channels (a mono source as
 * two equal ones, so the listener's format never changes), until the stream ends
 * or `isCurrent` turns false. A block at another rate than 48 kHz stops the
 * reading and calls `onOtherRate`.
 */
export async function readBlocks(readable: ReadableStream<AudioChunk>,
  onBlock: (channels: Float32Array[]) => void, onOtherRate: () => void,
  isCurrent: () => boolean): Promise<void> {
  const reader = readable.getReader();
  for (;;) {
    const { value: chunk, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
    if (done || !chunk) return;
    if (!isCurrent() || chunk.sampleRate !== TRACK_SAMPLE_RATE) {
      chunk.close();
      void reader.cancel().catch(() => {});
      if (isCurrent()) onOtherRate();
      return;
    }
    const planes = Array.from({ length: Math.min(2, chunk.numberOfChannels) }, (_, index) => {
      const plane = new Float32Array(chunk.numberOfFrames);
      chunk.copyTo(plane, { planeIndex: index, format: 'f32-planar' });
      return plane;
    });
    chunk.close();
    const [left] = planes;
    if (left) onBlock([left, planes[1] ?? left]);
  }
}
