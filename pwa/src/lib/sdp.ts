/**
 * Rewrites the Opus settings of a session description. The listener applies it to
 * its answer, because the answer is what the sender's encoder obeys: `stereo=1`
 * there makes the laptop encode two channels, `maxaveragebitrate` sets its target,
 * `useinbandfec=1` lets the phone rebuild a lost packet from the next one, and
 * `a=ptime` sets the frame length. Only Opus is touched; every other line stays as
 * the browser wrote it. Pure string work, so Node tests can run it.
 */

export interface OpusTuning {
  stereo: boolean;
  /** Bits per second the encoder aims at (Opus accepts 6000-510000). */
  maxAverageBitrate: number;
  inbandFec: boolean;
  /** Frame length in ms; undefined leaves the browser's choice (20 ms in Chromium). */
  ptimeMs?: number;
}

const OPUS_RTPMAP = /^a=rtpmap:(\d+) opus\/48000(?:\/\d+)?$/i;
const MIN_BITRATE = 6_000;
const MAX_BITRATE = 510_000;

/** Payload types the description maps to Opus, in the order they appear. */
export function opusPayloadTypes(sdp: string): number[] {
  const types: number[] = [];
  for (const line of splitLines(sdp).lines) {
    const match = OPUS_RTPMAP.exec(line);
    if (match?.[1] !== undefined) types.push(Number(match[1]));
  }
  return types;
}

/** The description with every Opus payload type tuned; unchanged when it has none. */
export function tuneOpus(sdp: string, tuning: OpusTuning): string {
  const { lines, eol, trailing } = splitLines(sdp);
  const sections = splitSections(lines);
  const tuned = sections.flatMap((section) => tuneSection(section, tuning));
  return tuned.join(eol) + trailing;
}

/** The fmtp parameters of one payload type, e.g. { minptime: '10', useinbandfec: '1' }. */
export function fmtpOf(sdp: string, payloadType: number): Map<string, string> | null {
  const prefix = `a=fmtp:${payloadType} `;
  const line = splitLines(sdp).lines.find((each) => each.startsWith(prefix));
  return line === undefined ? null : parseParams(line.slice(prefix.length));
}

function tuneSection(section: string[], tuning: OpusTuning): string[] {
  const [first = ''] = section;
  const types = section.flatMap((line) => {
    const match = OPUS_RTPMAP.exec(line);
    return match?.[1] === undefined ? [] : [match[1]];
  });
  if (!first.startsWith('m=audio ') || types.length === 0) return section;

  let out = [...section];
  for (const type of types) out = withFmtp(out, type, tuning);
  if (tuning.ptimeMs !== undefined) out = withPtime(out, tuning.ptimeMs);
  return out;
}

function withFmtp(section: string[], type: string, tuning: OpusTuning): string[] {
  const prefix = `a=fmtp:${type} `;
  const index = section.findIndex((line) => line.startsWith(prefix));
  const params = index === -1 ? new Map<string, string>() : parseParams(
    section[index]?.slice(prefix.length) ?? '');

  const channels = tuning.stereo ? '1' : '0';
  params.set('stereo', channels);
  params.set('sprop-stereo', channels);
  params.set('maxaveragebitrate', String(clampBitrate(tuning.maxAverageBitrate)));
  params.set('useinbandfec', tuning.inbandFec ? '1' : '0');
  // The encoder may only use frames this short if the other side allows it.
  if (tuning.ptimeMs !== undefined) params.set('minptime', String(Math.min(tuning.ptimeMs, 10)));
  const line = prefix + [...params].map(([key, value]) => `${key}=${value}`).join(';');

  if (index !== -1) return section.map((each, i) => (i === index ? line : each));
  // No fmtp yet: it belongs right after the payload type's rtpmap.
  const rtpmap = section.findIndex((each) => each.startsWith(`a=rtpmap:${type} `));
  return [...section.slice(0, rtpmap + 1), line, ...section.slice(rtpmap + 1)];
}

function withPtime(section: string[], ptimeMs: number): string[] {
  const line = `a=ptime:${ptimeMs}`;
  const index = section.findIndex((each) => each.startsWith('a=ptime:'));
  if (index !== -1) return section.map((each, i) => (i === index ? line : each));
  return [...section, line];
}

function parseParams(text: string): Map<string, string> {
  const params = new Map<string, string>();
  for (const part of text.split(';')) {
    const [key = '', ...rest] = part.trim().split('=');
    if (key !== '') params.set(key, rest.join('='));
  }
  return params;
}

function clampBitrate(bitsPerSecond: number): number {
  return Math.round(Math.min(MAX_BITRATE, Math.max(MIN_BITRATE, bitsPerSecond)));
}

/** Session-level lines first, then one group per `m=` line. */
function splitSections(lines: string[]): string[][] {
  const sections: string[][] = [[]];
  for (const line of lines) {
    if (line.startsWith('m=')) sections.push([line]);
    else sections[sections.length - 1]?.push(line);
  }
  return sections;
}

/** SDP lines end in CRLF; a hand-written one may use LF. Either is kept as found. */
function splitLines(sdp: string): { lines: string[]; eol: string; trailing: string } {
  const eol = sdp.includes('\r\n') ? '\r\n' : '\n';
  const trailing = sdp.endsWith(eol) ? eol : '';
  const body = trailing ? sdp.slice(0, -eol.length) : sdp;
  return { lines: body === '' ? [] : body.split(eol), eol, trailing };
}
