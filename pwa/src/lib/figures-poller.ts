/**
 * Reads a peer connection's stats once a second and turns each pair of reports
 * into live figures (see figures.ts for what they mean).
 */
import {
  figuresBetween, pathIn, sampleOf, type Figures, type Path, type Sample,
} from './figures.ts';

const EVERY_MS = 1000;

/** Starts polling; the returned function stops it. */
export function pollFigures(
  connection: RTCPeerConnection,
  onFigures: (figures: Figures) => void,
): () => void {
  let previous: Sample | null = null;
  let stopped = false;

  const poll = async (): Promise<void> => {
    let report: RTCStatsReport;
    try {
      report = await connection.getStats();
    } catch {
      return; // A closed connection has no stats; whoever closed it also stops us.
    }
    const sample = sampleOf(report.values());
    if (stopped || !sample) return;
    onFigures(figuresBetween(previous, sample));
    previous = sample;
  };

  const timer = setInterval(() => void poll(), EVERY_MS);
  return () => {
    stopped = true;
    clearInterval(timer);
  };
}

/**
 * Reads whether a connection's path is direct or relayed once a second, until the
 * connection is closed (closing one fires no event on it) or the returned function
 * is called.
 */
export function pollPath(connection: RTCPeerConnection, onPath: (path: Path) => void): () => void {
  let stopped = false;
  const poll = async (): Promise<void> => {
    if (connection.connectionState === 'closed') {
      stop();
      return;
    }
    const report = await connection.getStats().catch(() => null);
    const path = report && pathIn(report.values());
    if (!stopped && path) onPath(path);
  };
  const timer = setInterval(() => void poll(), EVERY_MS);
  const stop = (): void => {
    stopped = true;
    clearInterval(timer);
  };
  return stop;
}
