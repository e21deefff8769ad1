import type { Server } from 'node:http';
import type { Server as TlsServer } from 'node:https';
import { PeerServer } from 'peer';

import { reportToBench } from './report.ts';

/** A stock PeerJS server with its defaults (key "peerjs", socket at /peerjs), on loopback. */
const server = await new Promise<Server | TlsServer>((resolve) => {
  const peer = PeerServer({ host: '127.0.0.1', port: 0, path: '/' }, resolve);
  peer.on('error', (error) => process.stderr.write(`peer: ${error.message}\n`));
});

const address = server.address();
if (address === null || typeof address === 'string') throw new Error('peer is not on a TCP port');

reportToBench(`http://127.0.0.1:${address.port}`, () => new Promise((resolve) => {
  server.close(() => resolve());
  server.closeAllConnections();
}));
