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
