import { chromium } from 'playwright-core';
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless=new','--no-sandbox','--disable-gpu','--autoplay-policy=no-user-gesture-required','--disable-quic'] });
const p = await b.newPage();
await p.goto('about:blank');
console.log(await p.evaluate(async () => {
  const a = new RTCPeerConnection(), c = new RTCPeerConnection();
  a.onicecandidate = e => e.candidate && c.addIceCandidate(e.candidate);
  c.onicecandidate = e => e.candidate && a.addIceCandidate(e.candidate);
  const da = a.createDataChannel('x', { negotiated: true, id: 5, ordered: false, maxRetransmits: 0 });
  const dc = c.createDataChannel('x', { negotiated: true, id: 5, ordered: false, maxRetransmits: 0 });
  dc.binaryType = 'arraybuffer';
  await a.setLocalDescription(); await c.setRemoteDescription(a.localDescription);
  await c.setLocalDescription(); await a.setRemoteDescription(c.localDescription);
  await new Promise(r => da.onopen = r);
  const lat = [];
  dc.onmessage = e => { const v = new Float64Array(e.data, 0, 1)[0]; lat.push(performance.now() - v); };
  for (let i = 0; i < 300; i++) {
    const buf = new ArrayBuffer(1932); new Float64Array(buf, 0, 1)[0] = performance.now(); da.send(buf);
    await new Promise(r => setTimeout(r, 10));
  }
  await new Promise(r => setTimeout(r, 200));
  lat.sort((x, y) => x - y);
  const dcres = { n: lat.length, p10: lat[lat.length*0.1|0], med: lat[lat.length/2|0], p90: lat[lat.length*0.9|0] };
  // MSTP delivery vs render
  const ctx = new AudioContext({ latencyHint: 0 });
  const osc = new OscillatorNode(ctx); const dest = ctx.createMediaStreamDestination(); osc.connect(dest); osc.start(); await ctx.resume();
  const reader = new MediaStreamTrackProcessor({ track: dest.stream.getAudioTracks()[0] }).readable.getReader();
  const gaps = []; let prev = 0; const info = [];
  for (let i = 0; i < 200; i++) { const { value } = await reader.read(); const now = performance.now(); gaps.push(now - prev); prev = now; if (i < 3) info.push([value.numberOfFrames, value.sampleRate, value.format, value.timestamp]); value.close(); }
  gaps.sort((x, y) => x - y);
  return { dcres, gaps: [gaps[20], gaps[100], gaps[180]], info };
}));
await b.close();
