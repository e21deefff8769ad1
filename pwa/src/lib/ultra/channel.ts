import { isRecord } from '../validate.ts';

/**
 * The ultra-low-latency data channel lives on the same peer connection as the
 * call. Both sides create it themselves with the same id ("negotiated"), so no
 * renegotiation is needed; unordered with no retransmits, because a frame that
 * comes late is worth nothing.
 */
export const ULTRA_CHANNEL_ID = 1001;

export function openUltraChannel(connection: RTCPeerConnection): RTCDataChannel {
  const channel = connection.createDataChannel('sono-ultra', {
    negotiated: true,
    id: ULTRA_CHANNEL_ID,
    ordered: false,
    maxRetransmits: 0,
  });
  channel.binaryType = 'arraybuffer';
  return channel;
}

/**
 * Waits for a channel worker's first word (both say whether they can take a data
 * channel, which a browser without channel transfer cannot): answers the worker if
 * it can, else ends it and answers null.
 */
export async function ifTakesChannels(worker: Worker): Promise<Worker | null> {
  const hello = await new Promise<unknown>((resolve) => {
    worker.onmessage = (event: MessageEvent<unknown>) => resolve(event.data);
    worker.onerror = () => resolve(null);
  });
  if (isRecord(hello) && hello.canTakeChannels === true) return worker;
  worker.terminate();
  return null;
}
