/**
 * Passwords that guessing tools try first. A short list kept by hand: it catches
 * the passwords people actually pick (the stems below, with digits or symbols
 * tacked on, and keyboard or alphabet runs), not every leaked one; the slow hash
 * and the sign-in caps are what stop the rest.
 */
const STEMS = new Set([
  'password', 'passw0rd', 'p@ssword', 'p@ssw0rd', 'qwerty', 'qwertz', 'azerty', 'iloveyou',
  'sunshine', 'princess', 'football', 'baseball', 'basketball', 'soccer', 'welcome', 'letmein',
  'monkey', 'dragon', 'master', 'shadow', 'superman', 'batman', 'trustno1', 'starwars',
  'whatever', 'freedom', 'computer', 'internet', 'michael', 'jennifer', 'charlie', 'jordan',
  'hunter', 'ranger', 'buster', 'thomas', 'tigger', 'robert', 'soccer', 'hockey', 'killer',
  'george', 'andrew', 'harley', 'summer', 'winter', 'spring', 'autumn', 'secret', 'admin',
  'administrator', 'login', 'changeme', 'default', 'guest', 'test', 'testing', 'hello',
  'helloworld', 'loveme', 'lovely', 'flower', 'cookie', 'chocolate', 'butterfly', 'pokemon',
  'minecraft', 'matrix', 'mustang', 'corvette', 'ferrari', 'mercedes', 'chelsea', 'liverpool',
  'arsenal', 'barcelona', 'madrid', 'london', 'paris', 'berlin', 'america', 'canada',
  'samsung', 'google', 'facebook', 'linkedin', 'twitter', 'youtube', 'apple', 'iphone',
  'sono', 'sonopassword', 'music', 'headphones', 'speaker', 'abc', 'abcd', 'zxcvbnm',
  'asdfghjkl', 'qazwsx', 'qwe', 'asd', 'zxc', 'aaa', 'access', 'blink182', 'jesus', 'god',
  'angel', 'baby', 'babygirl', 'family', 'friends', 'forever', 'money', 'naruto', 'pepper',
]);

const RUNS = [
  '01234567890123456789', '98765432109876543210', 'abcdefghijklmnopqrstuvwxyz',
  'zyxwvutsrqponmlkjihgfedcba', 'qwertyuiopasdfghjklzxcvbnm', '1qaz2wsx3edc4rfv5tgb',
  'qwertzuiopasdfghjklyxcvbnm', 'azertyuiopqsdfghjklmwxcvbn',
];

/** `lower` is the candidate password in lower case. */
export function isCommonPassword(lower: string): boolean {
  if (/^(.)\1*$/u.test(lower)) return true;
  if (/^(.{1,4})\1+$/u.test(lower)) return true;
  if (RUNS.some((run) => run.includes(lower))) return true;
  const stem = lower.replace(/[\d\W_]+$/u, '').replace(/^[\d\W_]+/u, '');
  return STEMS.has(stem);
}
