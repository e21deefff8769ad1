/**
 * The baseline: a plain PeerJS call with the browser's defaults. It meets through
 * the same broker with tickets from the same API as Sono, but asks for nothing: no
 * capture constraints, no SDP changes, no buffer target. Its in-page functions run
 * through page.evaluate, so each must be self-contained.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import type { Peer } from 'peerjs';

declare global {
  interface Window {
    /** The UMD build of peerjs puts its exports here. */
    peerjs: { Peer: typeof Peer };
  }
}

const PEERJS_BUNDLE = fileURLToPath(
  new URL('../node_modules/peerjs/dist/peerjs.min.js', import.meta.url));

/**
 * Opens a bare page on Sono's origin holding peerjs and an <audio>. It must be a real
 * page from the server: Chromium blocks a page it cannot place on the network (one
 * made up by the test driver) from opening sockets to loopback. The health answer is
 * the barest page there is; the bundle goes in through the driver, which a content
 * security policy does not stop.
 */
export async function openPlainPage(page: Page, origin: string): Promise<void> {
  const bundle = await readFile(PEERJS_BUNDLE, 'utf8');
  await page.goto(`${origin}/api/health`);
  await page.evaluate(bundle);
  await page.evaluate(() => document.body.append(document.createElement('audio')));
}

export interface PlainPeer {
  id: string;
  ticket: string;
  iceServers: RTCIceServer[];
}

/** Sender: captures with getUserMedia's defaults, and calls whoever connects. */
export async function plainSend(self: PlainPeer): Promise<void> {
  const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
  const peer = new window.peerjs.Peer(self.id, {
    host: location.hostname, port: Number(location.port), path: '/peerjs', key: 'sono',
    token: self.ticket, config: { iceServers: self.iceServers }, debug: 0,
  });
  peer.on('connection', (connection) => {
    connection.on('open', () => peer.call(connection.peer, stream));
  });
  await new Promise<void>((resolve, reject) => {
    peer.on('open', () => resolve());
    peer.on('error', reject);
  });
}

/** Listener: connects to the sender, answers its call, plays what comes. */
export async function plainListen(
  { self, senderId }: { self: PlainPeer; senderId: string },
): Promise<number> {
  const startedAt = performance.timeOrigin + performance.now();
  const peer = new window.peerjs.Peer(self.id, {
    host: location.hostname, port: Number(location.port), path: '/peerjs', key: 'sono',
    token: self.ticket, config: { iceServers: self.iceServers }, debug: 0,
  });
  peer.on('open', () => peer.connect(senderId));
  peer.on('call', (call) => {
    call.answer();
    call.on('stream', (stream) => {
      const audio = document.querySelector('audio');
      if (!audio) return;
      audio.srcObject = stream;
      void audio.play();
    });
  });
  return startedAt;
}
