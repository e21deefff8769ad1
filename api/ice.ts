import type { Config } from '../server/config.ts';

export interface IceServer {
  urls: string[];
  username?: string;
  credential?: string;
}

/**
 * The ICE servers handed to both peers. With none, two devices on one network
 * still find each other through their host candidates; STUN helps across NATs.
 */
export function iceServersFor(config: Pick<Config, 'stunUrls'>): IceServer[] {
  return config.stunUrls.length > 0 ? [{ urls: config.stunUrls }] : [];
}
