/**
 * Messages on the data connection between a listener and the sender. They come
 * from another device, so each one is checked field by field before use; anything
 * that is not a known message is dropped rather than guessed at.
 */
import { isRecord, type Fields } from './validate.ts';

export type HelloMessage = { type: 'hello' };
export type EndMessage = { type: 'end' };
export type ControlMessage = HelloMessage | EndMessage;

type ControlType = ControlMessage['type'];
type MessageOf<T extends ControlType> = Extract<ControlMessage, { type: T }>;
type Validator<T extends ControlType> = (fields: Fields) => MessageOf<T> | null;

/**
 * One validator per message type. Adding a message (say, stats) means adding a member
 * to the union and a validator here; the compiler then insists on both.
 */
const VALIDATORS: { [T in ControlType]: Validator<T> } = {
  hello: () => ({ type: 'hello' }),
  end: () => ({ type: 'end' }),
};

function isControlType(value: unknown): value is ControlType {
  return typeof value === 'string' && Object.hasOwn(VALIDATORS, value);
}

/** A known control message rebuilt from trusted parts, or null for anything else. */
export function parseControl(data: unknown): ControlMessage | null {
  if (!isRecord(data) || !isControlType(data.type)) return null;
  return VALIDATORS[data.type](data);
}

export const hello = (): HelloMessage => ({ type: 'hello' });
export const end = (): EndMessage => ({ type: 'end' });
