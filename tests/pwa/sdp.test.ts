import { suite } from 'uvu';
import * as assert from 'uvu/assert';

import { fmtpOf, opusPayloadTypes, tuneOpus, type OpusTuning } from '../../pwa/src/lib/sdp.ts';

/** An answer the way Chromium writes one, with Opus on an unusual payload type. */
const ANSWER = [
  'v=0',
  'o=- 4611731400430051336 2 IN IP4 127.0.0.1',
  's=-',
  't=0 0',
  'a=group:BUNDLE 0 1',
  'm=audio 9 UDP/TLS/RTP/SAVPF 109 9 0 8 13 110',
  'c=IN IP4 0.0.0.0',
  'a=mid:0',
  'a=recvonly',
  'a=rtpmap:109 opus/48000/2',
  'a=rtcp-fb:109 transport-cc',
  'a=fmtp:109 minptime=10;useinbandfec=1',
  'a=rtpmap:9 G722/8000',
  'a=rtpmap:0 PCMU/8000',
  'a=rtpmap:8 PCMA/8000',
  'a=rtpmap:13 CN/8000',
  'a=rtpmap:110 telephone-event/48000',
  'a=fmtp:110 0-15',
  'm=application 9 UDP/DTLS/SCTP webrtc-datachannel',
  'c=IN IP4 0.0.0.0',
  'a=mid:1',
  'a=sctp-port:5000',
  '',
].join('\r\n');

const MUSIC: OpusTuning = { stereo: true, maxAverageBitrate: 256_000, inbandFec: true };

const sdp = suite('pwa/sdp');

sdp('reads the Opus payload type from the rtpmap instead of assuming 111', () => {
  assert.equal(opusPayloadTypes(ANSWER), [109]);
  assert.equal(opusPayloadTypes(ANSWER.replace('opus/48000/2', 'OPUS/48000/2')), [109]);
  assert.equal(opusPayloadTypes('v=0\r\nm=audio 9 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n'), []);
});

sdp('asks for stereo, a target bitrate and in-band FEC on the Opus fmtp line', () => {
  const params = fmtpOf(tuneOpus(ANSWER, MUSIC), 109);
  assert.is(params?.get('stereo'), '1');
  assert.is(params?.get('sprop-stereo'), '1');
  assert.is(params?.get('maxaveragebitrate'), '256000');
  assert.is(params?.get('useinbandfec'), '1');
  assert.is(params?.get('minptime'), '10', 'parameters already there are kept');
});

sdp('asks for mono and no FEC when told so', () => {
  const params = fmtpOf(tuneOpus(ANSWER, { ...MUSIC, stereo: false, inbandFec: false }), 109);
  assert.is(params?.get('stereo'), '0');
  assert.is(params?.get('useinbandfec'), '0');
});

sdp('sets 10 ms frames on the audio section only when a frame length is given', () => {
  const low = tuneOpus(ANSWER, { ...MUSIC, ptimeMs: 10 });
  const [audio = '', data = ''] = low.split('m=application');
  assert.match(audio, /\r\na=ptime:10\r\n/);
  assert.not.match(data, /ptime/);
  assert.not.match(tuneOpus(ANSWER, MUSIC), /a=ptime/);

  const withPtime = ANSWER.replace('a=mid:0', 'a=mid:0\r\na=ptime:20');
  const replaced = tuneOpus(withPtime, { ...MUSIC, ptimeMs: 10 });
  assert.equal(replaced.match(/a=ptime:\d+/g), ['a=ptime:10']);
});

sdp('leaves every line that is not about Opus exactly as it was', () => {
  const notOpusFmtp = (line: string) => !line.startsWith('a=fmtp:109 ');
  const before = ANSWER.split('\r\n').filter(notOpusFmtp);
  const after = tuneOpus(ANSWER, MUSIC).split('\r\n').filter(notOpusFmtp);
  assert.equal(after, before);
  assert.ok(tuneOpus(ANSWER, MUSIC).endsWith('\r\n'));
  assert.is(fmtpOf(tuneOpus(ANSWER, MUSIC), 110)?.get('0-15'), '');
});

sdp('adds an fmtp line right after the rtpmap when Opus has none', () => {
  const bare = ANSWER.replace('a=fmtp:109 minptime=10;useinbandfec=1\r\n', '');
  const lines = tuneOpus(bare, MUSIC).split('\r\n');
  const rtpmap = lines.indexOf('a=rtpmap:109 opus/48000/2');
  const added = /^a=fmtp:109 stereo=1;sprop-stereo=1;maxaveragebitrate=256000;useinbandfec=1$/;
  assert.match(lines[rtpmap + 1] ?? '', added);
});

sdp('keeps the bitrate within what Opus accepts', () => {
  const high = fmtpOf(tuneOpus(ANSWER, { ...MUSIC, maxAverageBitrate: 1_000_000 }), 109);
  const low = fmtpOf(tuneOpus(ANSWER, { ...MUSIC, maxAverageBitrate: 10 }), 109);
  assert.is(high?.get('maxaveragebitrate'), '510000');
  assert.is(low?.get('maxaveragebitrate'), '6000');
});

sdp('returns a description without Opus unchanged', () => {
  const video = 'v=0\nm=video 9 UDP/TLS/RTP/SAVPF 96\na=rtpmap:96 VP8/90000\n';
  assert.is(tuneOpus(video, MUSIC), video);
  assert.is(tuneOpus('', MUSIC), '');
});

sdp.run();
