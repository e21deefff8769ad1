import type { Config } from '../server/config.ts';
import { mintTurnCredential } from './turn-credentials.ts';

export interface IceServer {
  urls: string[];
  username?: string;
  credential?: string;
}

export interface IceConfig {
  iceServers: IceServer[];
  /** 'relay' keeps each device's IP address from the other; it needs TURN. */
  iceTransportPolicy: 'all' | 'relay';
}

/**
 * The ICE configuration handed to the peers of a session. With no servers, two
 * devices on one network still find each other through host candidates; STUN
 * helps across NATs, and TURN relays when nothing else gets through. TURN
 * credentials expire when the session does.
 */
export function iceFor(config: Pick<Config, 'stunUrls' | 'turn' | 'relayOnly'>, sessionEndsAt: number):
  IceConfig {
  const iceServers: IceServer[] = [];
  if (config.stunUrls.length > 0) iceServers.push({ urls: config.stunUrls });
  if (config.turn) {
    iceServers.push({ urls: config.turn.urls, ...mintTurnCredential(config.turn.secret, sessionEndsAt) });
  }
  return { iceServers, iceTransportPolicy: config.relayOnly ? 'relay' : 'all' };
}
