/**
 * Runs in a dedicated worker on the laptop: reads the captured sound and sends
 * its frames to every listener, so the page's main thread is not on the frames'
 * way. That thread stops now and then for layout, garbage collection or a busy
 * machine, and a frame that waits for it reaches the phone late. Chromium feeds a
 * MediaStreamTrackProcessor's stream, once transferred here, from here.
 *
 * The page says `{ id, channel }` for each listener (transferred in the task that
 * made it), `{ id, format }` when a listener's path calls for another format,
 * `{ readable }` for a track's blocks, `{ quanta }` for a port on which the tap
 * worklet posts its render quanta, and `'stop'` at the end. The worker
 * first says whether it can take channels, and `'other-rate'` when a track turns
 * out not to be at 48 kHz.
 */
import { isRecord } from '../validate.ts';
import { FrameSender } from './frame-sender.ts';

const sender = new FrameSender();
sender.onOtherRate = () => self.postMessage('other-rate');

self.postMessage({ canTakeChannels: typeof RTCDataChannel !== 'undefined' });

self.addEventListener('message', (event: MessageEvent<unknown>) => {
  const { data } = event;
  if (data === 'stop') {
    sender.close();
    self.close();
    return;
  }
  if (!isRecord(data)) return;
  const { id, format, channel } = data;
  const isChannel = typeof RTCDataChannel !== 'undefined' && channel instanceof RTCDataChannel;
  if (typeof id === 'number' && isChannel) sender.add(id, channel);
  if (typeof id === 'number' && (format === 'pcm16' || format === 'opus')) {
    sender.setFormat(id, format);
  }
  if (data.readable instanceof ReadableStream) sender.read(data.readable);
  if (data.quanta instanceof MessagePort) sender.takeQuanta(data.quanta);
});
