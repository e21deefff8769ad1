/**
 * The connection to Sono's broker (a PeerJS server under /peerjs on this origin),
 * which introduces the two devices and then steps out of the way.
 */
import type { Peer, PeerError } from 'peerjs';
import type { IceConfig, PeerCredentials } from './api.ts';
import { UserError } from './user-error.ts';

/** How long to wait for the broker to accept us before giving up. */
const OPEN_TIMEOUT_MS = 15_000;

/**
 * peerjs (the largest part of the app) is loaded on the first stream, not with the
 * app: the shell opens without it, and offline, where it could not stream anyway.
 */
export async function createPeer(credentials: PeerCredentials, ice: IceConfig): Promise<Peer> {
  const { Peer } = await loadPeerjs();
  const secure = location.protocol === 'https:';
  return new Peer(credentials.id, {
    host: location.hostname,
    port: Number(location.port) || (secure ? 443 : 80),
    secure,
    path: '/peerjs',
    key: 'sono',
    token: credentials.ticket,
    // Always set: without it peerjs falls back to public third-party TURN servers.
    config: { iceServers: ice.iceServers, iceTransportPolicy: ice.iceTransportPolicy },
    debug: 0,
  });
}

async function loadPeerjs(): Promise<typeof import('peerjs')> {
  try {
    return await import('peerjs');
  } catch {
    // Only when this version's files are neither cached nor on the server any more.
    throw new UserError('Part of Sono could not be loaded. Check the connection, or reload.');
  }
}

/** Resolves once the broker has accepted the peer; rejects with its first error. */
export function whenOpen(peer: Peer): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      finish();
      reject(new UserError('The Sono server did not answer in time. Try again.'));
    }, OPEN_TIMEOUT_MS);
    const onOpen = () => {
      finish();
      resolve();
    };
    const onError = (error: PeerError<string>) => {
      finish();
      reject(new UserError(describePeerError(error)));
    };
    const finish = () => {
      clearTimeout(timer);
      peer.off('open', onOpen);
      peer.off('error', onError);
    };
    peer.on('open', onOpen);
    peer.on('error', onError);
  });
}

/** Plain words for a peerjs error; its own messages name internals such as peer ids. */
export function describePeerError(error: PeerError<string>): string {
  switch (error.type) {
    case 'browser-incompatible':
      return 'This browser cannot stream audio between devices (no WebRTC).';
    case 'peer-unavailable':
      return 'The laptop is not reachable any more. Its stream may have ended.';
    case 'network':
    case 'socket-error':
    case 'socket-closed':
    case 'server-error':
      return 'Lost the connection to the Sono server, or it refused this device.';
    case 'unavailable-id':
      return 'This pairing is already in use on another device.';
    case 'invalid-id':
    case 'invalid-key':
      return 'The Sono server refused this device.';
    case 'webrtc':
      return 'The browser could not set up the audio connection.';
    default:
      return 'The connection failed.';
  }
}
