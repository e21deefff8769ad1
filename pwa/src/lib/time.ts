/** "14:30", or with the date when the time is not today. */
export function formatEndTime(endsAt: Date, now = new Date()): string {
  const sameDay = endsAt.toDateString() === now.toDateString();
  const format: Intl.DateTimeFormatOptions = sameDay
    ? { timeStyle: 'short' }
    : { dateStyle: 'medium', timeStyle: 'short' };
  return new Intl.DateTimeFormat(undefined, format).format(endsAt);
}
