/**
 * Runs in a dedicated worker on the phone: receives the ultra-low-latency data
 * channel and hands each frame straight to the playback worklet, so the page's
 * main thread is not on the frames' way. That thread stops now and then for
 * layout, garbage collection or a busy machine (seen here: 20-40 ms a few times a
 * minute), and every such stop on the way is a dropout.
 *
 * The worker first says whether it can take a channel. The page then sends
 * `{ channel, frames }` once (the channel and a port to the worklet) and `'stop'`
 * at the end; the worker tells the page `{ open }` as the channel opens and closes,
 * and `{ format }` when what arrives changes between PCM and Opus.
 */
import { isRecord } from '../validate.ts';
import { FrameReader } from './frame-reader.ts';

let channel: RTCDataChannel | null = null;
let reader: FrameReader | null = null;

self.postMessage({ canTakeChannels: typeof RTCDataChannel !== 'undefined' });

self.addEventListener('message', (event: MessageEvent<unknown>) => {
  const { data } = event;
  if (data === 'stop') {
    channel?.close();
    reader?.close();
    self.close();
    return;
  }
  if (channel || !isRecord(data)) return;
  const { channel: received, frames } = data;
  if (typeof RTCDataChannel === 'undefined' || !(received instanceof RTCDataChannel)) return;
  if (frames instanceof MessagePort) forward(received, frames);
});

function forward(from: RTCDataChannel, to: MessagePort): void {
  channel = from;
  from.binaryType = 'arraybuffer';
  const tell = () => self.postMessage({ open: from.readyState === 'open' });
  from.addEventListener('open', tell);
  from.addEventListener('close', tell);
  tell();
  const frames = new FrameReader(
    (frame) => to.postMessage(frame, frame.channels.map((samples) => samples.buffer)),
    (format) => self.postMessage({ format }),
  );
  reader = frames;
  from.addEventListener('message', (event: MessageEvent<unknown>) => frames.read(event.data));
}
