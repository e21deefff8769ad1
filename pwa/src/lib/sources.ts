/**
 * Capturing the sound the laptop sends. Music settings throughout: the browser's
 * voice processing (echo cancellation, noise suppression, auto gain) would pump and
 * narrow music to mono, so it is switched off and two channels are asked for.
 */
import { startTestSound } from './test-sound.ts';
import { UserError } from './user-error.ts';
import { isRecord } from './validate.ts';

export type SourceKind = 'tab' | 'input' | 'test';

export interface Source {
  kind: SourceKind;
  /** What the browser calls the source, for showing to the user. */
  label: string;
  /** Audio tracks only. */
  stream: MediaStream;
  stop(): void;
}

export interface InputDevice {
  id: string;
  label: string;
}

export class CaptureError extends UserError {}

const MUSIC: MediaTrackConstraints = {
  echoCancellation: false,
  noiseSuppression: false,
  autoGainControl: false,
  channelCount: 2,
};

const INSECURE =
  'This page is not opened over HTTPS (or from localhost), so the browser blocks capture here.';

/** Why tab or screen capture cannot work in this browser, or null when it can. */
export function tabCaptureProblem(): string | null {
  if (!window.isSecureContext) return INSECURE;
  if (typeof navigator.mediaDevices?.getDisplayMedia !== 'function') {
    return 'This browser cannot share a tab or the screen.';
  }
  // Firefox and Safari do offer getDisplayMedia, but hand back video without audio.
  if (!isChromium()) {
    return 'This browser shares tabs without their sound. Chrome, Edge and other ' +
      'Chromium-based browsers can.';
  }
  return null;
}

/** Why input devices cannot be captured here, or null when they can. */
export function inputCaptureProblem(): string | null {
  if (!window.isSecureContext) return INSECURE;
  if (typeof navigator.mediaDevices?.getUserMedia !== 'function') {
    return 'This browser cannot record from input devices.';
  }
  return null;
}

/** Must be called inside a user gesture: browsers only prompt for capture from one. */
export function capture(kind: SourceKind): Promise<Source> {
  if (kind === 'tab') return captureTab();
  if (kind === 'input') return captureInput();
  return startTestSound();
}

export async function captureTab(): Promise<Source> {
  // Chromium only shows the picker when video is requested; the video is dropped below.
  const stream = await navigator.mediaDevices.getDisplayMedia({ video: true, audio: MUSIC });
  for (const track of stream.getVideoTracks()) {
    track.stop();
    stream.removeTrack(track);
  }

  const [track] = stream.getAudioTracks();
  if (!track) {
    throw new CaptureError(
      'That share has no sound. Share again and tick "Share tab audio" ' +
        '(or "Share system audio"), or pick another source.',
    );
  }
  return fromTrack('tab', stream, track);
}

export async function captureInput(deviceId?: string): Promise<Source> {
  const audio = deviceId ? { ...MUSIC, deviceId: { exact: deviceId } } : MUSIC;
  const stream = await navigator.mediaDevices.getUserMedia({ audio });
  const [track] = stream.getAudioTracks();
  if (!track) throw new CaptureError('The browser gave no sound from that device.');
  return fromTrack('input', stream, track);
}

/** Audio inputs; their labels are only filled in once the user has granted access. */
export async function listInputs(): Promise<InputDevice[]> {
  const devices = await navigator.mediaDevices.enumerateDevices();
  return devices
    .filter((device) => device.kind === 'audioinput' && device.deviceId !== '')
    .map((device, index) => ({
      id: device.deviceId,
      label: device.label || `Input ${index + 1}`,
    }));
}

/** Plain words for whatever capture threw. */
export function describeCaptureError(error: unknown): string {
  if (error instanceof CaptureError) return error.message;
  const name = error instanceof DOMException ? error.name : '';
  switch (name) {
    case 'NotAllowedError':
      return 'Sharing was cancelled or the browser refused permission.';
    case 'NotFoundError':
      return 'No audio input device was found.';
    case 'NotReadableError':
    case 'AbortError':
      return 'The device could not be read. Another app may be using it.';
    case 'OverconstrainedError':
      return 'That device is no longer available. Pick another one.';
    default:
      return 'The browser could not start capturing sound.';
  }
}

function fromTrack(kind: SourceKind, stream: MediaStream, track: MediaStreamTrack): Source {
  return {
    kind,
    label: track.label || (kind === 'tab' ? 'Shared tab' : 'Input device'),
    stream,
    stop() {
      for (const each of stream.getTracks()) each.stop();
    },
  };
}

function isChromium(): boolean {
  // userAgentData is Chromium-only and missing from TypeScript's DOM types.
  const data = 'userAgentData' in navigator ? navigator.userAgentData : undefined;
  if (isRecord(data) && Array.isArray(data.brands)) {
    return data.brands.some((entry: unknown) => isRecord(entry) && entry.brand === 'Chromium');
  }
  return /\b(Chrome|Chromium)\//.test(navigator.userAgent);
}
